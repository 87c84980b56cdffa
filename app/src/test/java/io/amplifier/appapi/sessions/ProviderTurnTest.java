package io.amplifier.appapi.sessions;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static io.amplifier.appapi.configs.ConfigApiTest.assertProblem;
import static io.amplifier.appapi.sessions.ProviderWire.eventStream;
import static io.amplifier.appapi.sessions.ProviderWire.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import io.amplifier.appapi.ApiTest;
import io.amplifier.appapi.Http;
import io.amplifier.appapi.OneUserTest;
import io.amplifier.appapi.sessions.runtime.TurnRunner;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Turns against the OpenAI and Anthropic wire formats, plain and streamed, served by a real local
 * HTTP stub (WireMock): memory, deltas, usage, and each kind of provider failure.
 */
@ApiTest
class ProviderTurnTest extends OneUserTest {

  static final WireMockServer STUB =
      new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));

  static {
    STUB.start();
  }

  @AfterAll
  static void stop() {
    STUB.stop();
  }

  @BeforeEach
  void setUp() {
    STUB.resetAll();
  }

  String session(String module, String path) {
    Map<String, Object> providerConfig =
        Map.of(
            "api_key",
            "sk-test-key",
            "model",
            "test-model",
            "base_url",
            STUB.baseUrl() + path,
            "max_tokens",
            100);
    return Turns.session(http, module, providerConfig);
  }

  static String openAiReply(String text) {
    return ProviderWire.openAiReply("test-model", text, 11, 3);
  }

  static String openAiStream(String... pieces) {
    return ProviderWire.openAiTextStream("test-model", pieces);
  }

  @Test
  void shouldRunAPlainOpenAiTurnSendingTheWholeTranscript() {
    STUB.stubFor(
        post(urlEqualTo("/v1/chat/completions")).willReturn(json(openAiReply("Noted: blue."))));
    String id = session("provider-openai", "");

    Http.Response first =
        http.post("/sessions/" + id + "/messages", Map.of("message", "My favorite color is blue"));
    Http.Response second =
        http.post("/sessions/" + id + "/messages", Map.of("message", "What is my favorite color?"));

    assertThat(first.status()).as(first.toString()).isEqualTo(200);
    assertThat(first.json().get("response").asText()).isEqualTo("Noted: blue.");
    assertThat(first.json().get("metadata").get("input_tokens").asInt()).isEqualTo(11);
    assertThat(second.status()).isEqualTo(200);
    STUB.verify(
        postRequestedFor(urlEqualTo("/v1/chat/completions"))
            .withHeader("Authorization", equalTo("Bearer sk-test-key"))
            .withRequestBody(
                matchingJsonPath("$.messages[0].content", equalTo("My favorite color is blue")))
            .withRequestBody(matchingJsonPath("$.messages[1].content", equalTo("Noted: blue.")))
            .withRequestBody(
                matchingJsonPath("$.messages[2].content", equalTo("What is my favorite color?")))
            .withRequestBody(matchingJsonPath("$.model", equalTo("test-model"))));
  }

  @Test
  void shouldSendEveryEarlierUserAndAssistantMessageOfALongSessionInOrder() throws Exception {
    STUB.stubFor(post(urlEqualTo("/v1/chat/completions")).willReturn(json(openAiReply("ok"))));
    String id = session("provider-openai", "");
    List<String> expected = new ArrayList<>();
    for (int i = 1; i <= 12; i++) {
      Http.Response turn = http.post("/sessions/" + id + "/messages", Map.of("message", "m" + i));
      assertThat(turn.status()).as(turn.toString()).isEqualTo(200);
      expected.add("user:m" + i);
      expected.add("assistant:ok");
    }
    Http.Response last =
        http.post(
            "/sessions/" + id + "/messages",
            Map.of("message", "m13", "context", Map.of("language", "Java")));
    assertThat(last.status()).as(last.toString()).isEqualTo(200);
    expected.add(0, "system:" + TurnRunner.CONTEXT_PREFIX + "{\"language\":\"Java\"}");
    expected.add("user:m13");

    List<ServeEvent> served = new ArrayList<>(STUB.getAllServeEvents());
    assertThat(served).hasSize(13);
    // WireMock lists the newest request first
    List<String> sent = new ArrayList<>();
    for (JsonNode message :
        new ObjectMapper().readTree(served.get(0).getRequest().getBodyAsString()).get("messages")) {
      sent.add(message.get("role").asText() + ":" + message.get("content").asText());
    }
    assertThat(sent).containsExactlyElementsOf(expected);
  }

  @Test
  void shouldStreamAnOpenAiTurnDeltaByDelta() throws Exception {
    STUB.stubFor(
        post(urlEqualTo("/v1/chat/completions"))
            .willReturn(eventStream(openAiStream("Hel", "lo", " there"))));
    String id = session("provider-openai", "");

    List<JsonNode> events = stream(id, "hi");

    List<String> deltas =
        events.stream()
            .filter(e -> e.get("type").asText().equals("content_block:delta"))
            .map(e -> e.get("text").asText())
            .toList();
    assertThat(deltas).containsExactly("Hel", "lo", " there");
    assertThat(events.get(events.size() - 2).get("content").asText()).isEqualTo("Hello there");
    assertThat(events.get(events.size() - 1).get("type").asText()).isEqualTo("done");
  }

  static String anthropicReply(String text) {
    return ProviderWire.anthropicReply("msg_1", text, 7, 2);
  }

  @Test
  void shouldRunAnthropicTurnsPlainAndStreamed() throws Exception {
    STUB.stubFor(
        post(urlEqualTo("/v1/messages"))
            .withRequestBody(matchingJsonPath("$.stream", equalTo("true")))
            .willReturn(eventStream(ProviderWire.anthropicTextStream("Bon", "jour"))));
    STUB.stubFor(
        post(urlEqualTo("/v1/messages"))
            .atPriority(10)
            .willReturn(json(anthropicReply("Hello from Claude"))));
    String id = session("provider-anthropic", "");

    Http.Response plain = http.post("/sessions/" + id + "/messages", Map.of("message", "hi"));
    assertThat(plain.status()).as(plain.toString()).isEqualTo(200);
    assertThat(plain.json().get("response").asText()).isEqualTo("Hello from Claude");
    List<JsonNode> events = stream(id, "again");

    assertThat(
            events.stream()
                .filter(e -> e.get("type").asText().equals("content_block:delta"))
                .map(e -> e.get("text").asText())
                .toList())
        .containsExactly("Bon", "jour");
    STUB.verify(
        postRequestedFor(urlEqualTo("/v1/messages"))
            .withHeader("x-api-key", equalTo("sk-test-key"))
            .withRequestBody(
                matchingJsonPath("$.messages[1].content[0].text", equalTo("Hello from Claude"))));
  }

  @Test
  void shouldTellEachProviderTheClientsContextAsASystemMessage() {
    STUB.stubFor(
        post(urlEqualTo("/v1/chat/completions")).willReturn(json(openAiReply("Python, then."))));
    STUB.stubFor(post(urlEqualTo("/v1/messages")).willReturn(json(anthropicReply("Python."))));
    Map<String, Object> body =
        Map.of(
            "message",
            "What programming language am I using?",
            "context",
            Map.of("language", "Python"));

    Http.Response openAi =
        http.post("/sessions/" + session("provider-openai", "") + "/messages", body);
    Http.Response anthropic =
        http.post("/sessions/" + session("provider-anthropic", "") + "/messages", body);

    assertThat(openAi.status()).as(openAi.toString()).isEqualTo(200);
    assertThat(anthropic.status()).as(anthropic.toString()).isEqualTo(200);
    String told = "Context from the client application: {\"language\":\"Python\"}";
    STUB.verify(
        postRequestedFor(urlEqualTo("/v1/chat/completions"))
            .withRequestBody(matchingJsonPath("$.messages[0].role", equalTo("system")))
            .withRequestBody(matchingJsonPath("$.messages[0].content", equalTo(told)))
            .withRequestBody(
                matchingJsonPath(
                    "$.messages[1].content", equalTo("What programming language am I using?"))));
    STUB.verify(
        postRequestedFor(urlEqualTo("/v1/messages"))
            .withRequestBody(
                matchingJsonPath(
                    "$.system",
                    com.github.tomakehurst.wiremock.client.WireMock.containing("Python")))
            .withRequestBody(
                matchingJsonPath(
                    "$.messages[0].content[0].text",
                    equalTo("What programming language am I using?"))));
  }

  @Test
  void shouldTurnEachProviderFailureInto502AndAnErrorEvent() throws Exception {
    for (int status : new int[] {401, 429, 500}) {
      String id = session("provider-openai", "");
      STUB.resetAll();
      STUB.stubFor(
          post(urlEqualTo("/v1/chat/completions"))
              .willReturn(
                  aResponse()
                      .withStatus(status)
                      .withHeader("Content-Type", "application/json")
                      .withBody(
                          "{\"error\":{\"message\":\"failure "
                              + status
                              + "\",\"type\":\"error\"}}")));

      Http.Response blocking = http.post("/sessions/" + id + "/messages", Map.of("message", "hi"));
      assertProblem(blocking, 502, "/problems/bad-gateway");
      assertThat(blocking.json().get("detail").asText()).contains("Provider call failed");

      String expected = status == 401 ? "failed" : "active";
      assertThat(http.get("/sessions/" + id).json().get("status").asText())
          .as("after " + status)
          .isEqualTo(expected);
      if (status == 401) {
        assertProblem(
            http.post("/sessions/" + id + "/messages", Map.of("message", "hi")),
            409,
            "/problems/conflict");
        assertThat(http.post("/sessions/" + id + "/resume", null).json().get("status").asText())
            .isEqualTo("active");
      }
      List<JsonNode> events = stream(id, "hi");
      assertThat(events.get(events.size() - 1).get("type").asText()).isEqualTo("error");
      assertThat(events.get(events.size() - 1).get("message").asText()).isNotBlank();
    }
    String id = session("provider-openai", "");
    STUB.resetAll();
    STUB.stubFor(
        post(urlEqualTo("/v1/chat/completions")).willReturn(eventStream("data: {not json\n\n")));
    List<JsonNode> malformed = stream(id, "hi");
    assertThat(malformed.get(malformed.size() - 1).get("type").asText()).isEqualTo("error");
    assertThat(http.get("/sessions/" + id).json().get("status").asText()).isEqualTo("active");
  }

  @Test
  void shouldReachOpenAiCompatibleGatewaysWithOtherPathsAndKeyHeaders() {
    STUB.stubFor(
        post(urlEqualTo("/openai/v1/chat/completions"))
            .willReturn(json(openAiReply("Hi from a gateway"))));
    Map<String, Object> providerConfig =
        Map.of(
            "api_key",
            "unused",
            "model",
            "gpt",
            "base_url",
            STUB.baseUrl() + "/openai",
            "completions_path",
            "/v1/chat/completions",
            "headers",
            Map.of("api-key", "azure-key-1"));
    String id = Turns.session(http, "provider-openai", providerConfig);

    Http.Response r = http.post("/sessions/" + id + "/messages", Map.of("message", "hi"));

    assertThat(r.json().get("response").asText()).isEqualTo("Hi from a gateway");
    STUB.verify(
        postRequestedFor(urlEqualTo("/openai/v1/chat/completions"))
            .withHeader("api-key", equalTo("azure-key-1")));
  }

  @Test
  void shouldTimeOutASilentProviderInsteadOfHanging() {
    STUB.stubFor(
        post(urlEqualTo("/v1/chat/completions"))
            .willReturn(
                aResponse()
                    .withFixedDelay(8_000)
                    .withHeader("Content-Type", "application/json")
                    .withBody(openAiReply("late"))));
    String id = session("provider-openai", "");

    long start = System.nanoTime();
    Http.Response r = http.post("/sessions/" + id + "/messages", Map.of("message", "hi"));

    assertProblem(r, 502, "/problems/bad-gateway");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(7));
  }

  List<JsonNode> stream(String id, String message) throws Exception {
    return Turns.stream(port, user, id, message);
  }
}
