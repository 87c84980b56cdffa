package io.amplifier.appapi.sessions;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static io.amplifier.appapi.configs.ConfigApiTest.assertProblem;
import static io.amplifier.appapi.sessions.ProviderWire.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import io.amplifier.appapi.ApiTest;
import io.amplifier.appapi.Http;
import io.amplifier.appapi.OneUserTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.TestPropertySource;

/**
 * A session's context window (issue 24 point 1): what each provider call is sent stays within the
 * window the config's {@code session.context.config} sets, counted with OpenAI's tokenizer, while
 * the transcript keeps every message; the system instruction is always sent; a {@code max_tokens}
 * below the system prompt is refused naming the field.
 */
@ApiTest
@TestPropertySource(properties = "RATE_LIMIT_TURNS_PER_MINUTE=1000000") // 2,000 turns in a minute
class ContextWindowTest extends OneUserTest {

  static final WireMockServer STUB =
      new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));

  static final Encoding O200K =
      Encodings.newLazyEncodingRegistry().getEncoding(EncodingType.O200K_BASE);

  static {
    STUB.start();
  }

  @Autowired JdbcTemplate jdbc;

  @AfterAll
  static void stop() {
    STUB.stop();
  }

  @BeforeEach
  void setUp() {
    STUB.resetAll();
    STUB.stubFor(
        post(urlEqualTo("/v1/chat/completions"))
            .willReturn(json(ProviderWire.openAiReply("gpt-4o-mini", "Noted, thank you.", 9, 4))));
  }

  Map<String, Object> document(Map<String, Object> context, String instruction) {
    Map<String, Object> data =
        Turns.document(
            "provider-openai",
            Map.of("api_key", "sk-test-key", "model", "gpt-4o-mini", "base_url", STUB.baseUrl()));
    data.put(
        "session",
        Map.of(
            "orchestrator",
            "loop-basic",
            "context",
            Map.of("module", "context-simple", "config", context)));
    data.put("instruction", instruction);
    return data;
  }

  /** The tokens of one request's messages, as OpenAI counts them (4 a message, 3 the prompt). */
  static int tokens(JsonNode request) {
    int tokens = 3;
    for (JsonNode message : request.get("messages")) {
      tokens += 4 + O200K.countTokensOrdinary(message.path("content").asText(""));
    }
    return tokens;
  }

  @Test
  void shouldNeverSendMoreThanTheWindowInA2000TurnSessionAndRunItsNextTurn() throws Exception {
    int window = 600;
    String id =
        Turns.sessionOn(
            http, "window", document(Map.of("max_tokens", window), "You are a terse assistant."));

    for (int i = 1; i <= 2000; i++) {
      Http.Response turn =
          http.post(
              "/sessions/" + id + "/messages",
              Map.of("message", "Message number " + i + " of a very long session."));
      assertThat(turn.status()).as("turn %d: %s", i, turn).isEqualTo(200);
    }
    Http.Response next =
        http.post("/sessions/" + id + "/messages", Map.of("message", "The 2,001st message."));

    assertThat(next.status()).as(next.toString()).isEqualTo(200);
    assertThat(next.json().get("response").asText()).isEqualTo("Noted, thank you.");
    List<ServeEvent> calls = STUB.getAllServeEvents();
    assertThat(calls).hasSize(2001);
    int largest = 0;
    for (ServeEvent call : calls) {
      JsonNode request = Turns.JSON.readTree(call.getRequest().getBodyAsString());
      largest = Math.max(largest, tokens(request));
      assertThat(request.get("messages").get(0).get("role").asText()).isEqualTo("system");
      assertThat(request.get("messages").get(0).get("content").asText())
          .isEqualTo("You are a terse assistant.");
    }
    assertThat(largest).isLessThanOrEqualTo(window).isGreaterThan(window / 2);
    JsonNode last =
        Turns.JSON.readTree(calls.get(0).getRequest().getBodyAsString()).get("messages");
    assertThat(last.get(last.size() - 1).get("content").asText()).isEqualTo("The 2,001st message.");
    assertThat(last.get(1).get("role").asText()).isEqualTo("user");
    assertThat(last.size()).isLessThan(100);

    JsonNode session = http.get("/sessions/" + id).json();
    assertThat(session.get("message_count").asInt()).isEqualTo(2001);
    assertThat(session.get("context").get("window").asInt()).isEqualTo(window);
    assertThat(session.get("context").get("tokens").asInt()).isBetween(window / 2, window);
    assertThat(session.get("context").get("compactions").asInt()).isZero();
    assertThat(http.get("/sessions/" + id + "/messages?after=0&limit=1").json().toString())
        .contains("Message number 1 of a very long session.");
    String measured =
        jdbc.queryForObject(
            "select convert_from(payload, 'UTF8') from domainevententry where aggregateidentifier"
                + " = ? and payloadtype = 'sessions.SessionContextMeasured'"
                + " order by sequencenumber desc limit 1",
            String.class,
            "session:" + id);
    JsonNode event = Turns.JSON.readTree(measured);
    assertThat(event.get("strategy").asText()).isEqualTo("truncate");
    assertThat(event.get("omitted").asInt()).isGreaterThan(3900);
    assertThat(event.get("counting").asText()).isEqualTo("o200k_base");
    assertThat(event.get("tokens").asInt()).isEqualTo(session.get("context").get("tokens").asInt());
  }

  @Test
  void shouldSendEverythingWhileItFitsAndShowTheContextOfANewSession() throws Exception {
    String id = Turns.sessionOn(http, "fits", document(Map.of(), "Answer briefly."));
    JsonNode fresh = http.get("/sessions/" + id).json().get("context");
    assertThat(fresh.get("tokens").asInt()).isZero();
    assertThat(fresh.get("compactions").asInt()).isZero();

    Http.Response one = http.post("/sessions/" + id + "/messages", Map.of("message", "one"));
    Http.Response two = http.post("/sessions/" + id + "/messages", Map.of("message", "two"));

    assertThat(one.status()).as(one.toString()).isEqualTo(200);
    assertThat(two.status()).as(two.toString()).isEqualTo(200);
    assertThat(STUB.getAllServeEvents()).hasSize(2);

    JsonNode request =
        Turns.JSON.readTree(STUB.getAllServeEvents().get(0).getRequest().getBodyAsString());
    assertThat(request.get("messages")).hasSize(4);
    JsonNode context = http.get("/sessions/" + id).json().get("context");
    assertThat(context.get("window").asInt()).isEqualTo(128_000);
    assertThat(context.get("tokens").asInt()).isEqualTo(tokens(request));
  }

  @Test
  void shouldRefuseAMaxTokensBelowTheSystemPromptNamingTheField() {
    String instruction = "You are a careful assistant. ".repeat(20);
    for (Object bad : List.of(10, 0, -5, "many", 2.5)) {
      Http.Response response =
          http.post(
              "/configs",
              Map.of(
                  "name",
                  "small",
                  "config_data",
                  document(Map.of("max_tokens", bad), instruction)));
      assertProblem(response, 400, "/problems/config-validation");
      assertThat(response.json().get("detail").asText())
          .as(String.valueOf(bad))
          .startsWith("Config validation error: $.session.context.config.max_tokens: ");
    }
    Http.Response fits =
        http.post(
            "/configs",
            Map.of(
                "name",
                "fits",
                "config_data",
                document(
                    Map.of("max_tokens", 1000, "compact_threshold", "high", "auto_compact", "yes"),
                    instruction)));
    assertThat(fits.status()).as(fits.toString()).isEqualTo(201);
  }

  @Test
  void shouldCompactWithASummaryOfTheSessionsOwnProviderAndRecordTheRangeItReplaces()
      throws Exception {
    STUB.stubFor(
        post(urlEqualTo("/v1/chat/completions"))
            .atPriority(1)
            .withRequestBody(containing("Summarize the conversation below"))
            .willReturn(
                json(ProviderWire.openAiReply("gpt-4o-mini", "The user counts messages.", 9, 4))));
    int window = 600;
    String id =
        Turns.sessionOn(
            http,
            "compact",
            document(Map.of("max_tokens", window, "auto_compact", true), "Be terse."));

    for (int i = 1; i <= 100; i++) {
      Http.Response turn =
          http.post(
              "/sessions/" + id + "/messages",
              Map.of("message", "Message number " + i + " of a session that compacts."));
      assertThat(turn.status()).as("turn %d: %s", i, turn).isEqualTo(200);
    }

    int summaries = 0;
    for (ServeEvent call : STUB.getAllServeEvents()) {
      JsonNode request = Turns.JSON.readTree(call.getRequest().getBodyAsString());
      assertThat(tokens(request)).isLessThanOrEqualTo(window);
      summaries += request.toString().contains("Summarize the conversation below") ? 1 : 0;
    }
    assertThat(summaries).isBetween(2, 30);
    JsonNode last =
        Turns.JSON
            .readTree(STUB.getAllServeEvents().get(0).getRequest().getBodyAsString())
            .get("messages");
    assertThat(last.get(0).get("content").asText()).isEqualTo("Be terse.");
    assertThat(last.get(1).get("content").asText())
        .isEqualTo("Summary of the earlier conversation: The user counts messages.");
    assertThat(last.get(2).get("role").asText()).isEqualTo("user");
    JsonNode context = http.get("/sessions/" + id).json().get("context");
    assertThat(context.get("compactions").asInt()).isEqualTo(summaries);
    List<String> compactions =
        jdbc.queryForList(
            "select convert_from(payload, 'UTF8') from domainevententry where aggregateidentifier"
                + " = ? and payloadtype = 'sessions.SessionContextCompacted'"
                + " order by sequencenumber",
            String.class,
            "session:" + id);
    assertThat(compactions).hasSize(summaries);
    JsonNode first = Turns.JSON.readTree(compactions.get(0));
    JsonNode latest = Turns.JSON.readTree(compactions.get(compactions.size() - 1));
    assertThat(first.get("fromMessage").asInt()).isEqualTo(1);
    assertThat(latest.get("throughMessage").asInt())
        .isGreaterThan(first.get("throughMessage").asInt());
    assertThat(latest.get("summary").asText()).isEqualTo("The user counts messages.");
    assertThat(http.get("/sessions/" + id + "/messages?after=0&limit=1").json().toString())
        .contains("Message number 1 of a session that compacts.");
    // every provider call is counted: the summary calls' tokens join those of the turn they served
    long input = 0;
    for (String usage :
        jdbc.queryForList(
            "select convert_from(payload, 'UTF8') from domainevententry where aggregateidentifier"
                + " = ? and payloadtype = 'sessions.SessionUsageRecorded'",
            String.class,
            "session:" + id)) {
      input += Turns.JSON.readTree(usage).get("inputTokens").asLong();
    }
    assertThat(input).isEqualTo(9L * (100 + summaries));
  }

  @Test
  void shouldEstimateTokensOfOtherWiresAndStillHoldTheWindow() throws Exception {
    Map<String, Object> data = Turns.document("provider-echo", Map.of());
    data.put("session", Map.of("context", Map.of("config", Map.of("max_tokens", 200))));
    String id = Turns.sessionOn(http, "estimate", data);

    for (int i = 1; i <= 30; i++) {
      Http.Response turn =
          http.post("/sessions/" + id + "/messages", Map.of("message", "My number is " + i));
      assertThat(turn.status()).as(turn.toString()).isEqualTo(200);
    }
    Http.Response recall =
        http.post("/sessions/" + id + "/messages", Map.of("message", "What is my number?"));

    assertThat(recall.json().get("response").asText()).isEqualTo("Your number is 30.");
    JsonNode context = http.get("/sessions/" + id).json().get("context");
    assertThat(context.get("window").asInt()).isEqualTo(200);
    assertThat(context.get("tokens").asInt()).isBetween(100, 200);
    String measured =
        jdbc.queryForObject(
            "select convert_from(payload, 'UTF8') from domainevententry where aggregateidentifier"
                + " = ? and payloadtype = 'sessions.SessionContextMeasured'"
                + " order by sequencenumber desc limit 1",
            String.class,
            "session:" + id);
    JsonNode event = Turns.JSON.readTree(measured);
    assertThat(event.get("counting").asText()).isEqualTo("estimate");
    assertThat(event.get("strategy").asText()).isEqualTo("truncate");
    assertThat(event.get("omitted").asInt()).isPositive();
  }
}
