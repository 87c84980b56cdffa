package io.amplifier.appapi.sessions;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static io.amplifier.appapi.configs.ConfigApiTest.assertProblem;
import static io.amplifier.appapi.sessions.ProviderWire.eventStream;
import static io.amplifier.appapi.sessions.ProviderWire.json;
import static io.amplifier.appapi.sessions.Turns.document;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.amplifier.appapi.ApiTest;
import io.amplifier.appapi.Http;
import io.amplifier.appapi.OneUserTest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Tool turns end to end: the provider stub speaks OpenAI's and Anthropic's tool-call wire formats
 * (plain and streamed), and a real MCP server on a loopback port lists and runs the tools. A
 * two-round turn calls {@code add}, sends its result back and answers; each call is in the stream
 * ({@code tool:pre}, {@code tool:post}), the transcript and the events.
 */
@ApiTest
class ToolTurnTest extends OneUserTest {

  static final WireMockServer PROVIDER =
      new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
  static final String HEADER_SECRET = "Bearer mcp-secret-5d1f0c7a";
  static McpTestServer mcp;

  @Autowired JdbcTemplate jdbc;

  @BeforeAll
  static void start() throws Exception {
    PROVIDER.start();
    mcp = new McpTestServer();
  }

  @AfterAll
  static void stop() throws Exception {
    PROVIDER.stop();
    mcp.close();
  }

  @BeforeEach
  void reset() {
    PROVIDER.resetAll();
    mcp.calls.set(0);
    mcp.requests.set(0);
    mcp.authorizations.clear();
  }

  private Map<String, Object> mcpTool(String url) {
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("url", url);
    config.put("headers", Map.of("Authorization", HEADER_SECRET));
    config.put("allow", List.of("add", "fail"));
    return Turns.mcpTool(config);
  }

  private String toolSession(String module, Map<String, Object> extra) {
    Map<String, Object> provider = new LinkedHashMap<>();
    provider.put("api_key", "sk-test");
    provider.put("model", "test-model");
    provider.put("base_url", PROVIDER.baseUrl());
    Map<String, Object> data = document(module, provider);
    data.put("tools", List.of(mcpTool(mcp.url())));
    data.putAll(extra);
    return Turns.sessionOn(http, "tools", data);
  }

  static String openAiToolCall(String callId, String arguments) {
    return "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"created\":1700000000,\"model\":\"m\","
        + "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"id\":\""
        + callId
        + "\",\"type\":\"function\",\"function\":{\"name\":\"add\",\"arguments\":\""
        + arguments.replace("\"", "\\\"")
        + "\"}}]},\"finish_reason\":\"tool_calls\"}],"
        + "\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":2,\"total_tokens\":7}}";
  }

  static String openAiToolCallStream() {
    String head = ProviderWire.openAiChunkHead("m");
    return head
        + "{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"index\":0,\"id\":\"call_s1\",\"type\":\"function\","
        + "\"function\":{\"name\":\"add\",\"arguments\":\"\"}}]},\"finish_reason\":null}]}\n\n"
        + head
        + "{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"{\\\"a\\\":20,\"}}]},\"finish_reason\":null}]}\n\n"
        + head
        + "{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"\\\"b\\\":22}\"}}]},\"finish_reason\":null}]}\n\n"
        + head
        + "{},\"finish_reason\":\"tool_calls\"}]}\n\n"
        + "data: [DONE]\n\n";
  }

  @Test
  void shouldRunATwoRoundOpenAiToolTurn() {
    PROVIDER.stubFor(
        post(urlEqualTo("/v1/chat/completions"))
            .atPriority(5)
            .willReturn(json(openAiToolCall("call_1", "{\"a\":2,\"b\":3}"))));
    PROVIDER.stubFor(
        post(urlEqualTo("/v1/chat/completions"))
            .atPriority(1)
            .withRequestBody(containing("\"tool_call_id\""))
            .willReturn(json(ProviderWire.openAiReply("The sum is 5."))));
    String id = toolSession("provider-openai", Map.of());

    Http.Response reply =
        http.post("/sessions/" + id + "/messages", Map.of("message", "What is 2 + 3?"));

    assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
    assertThat(reply.json().get("response").asText()).isEqualTo("The sum is 5.");
    assertThat(reply.json().get("metadata").get("tool_calls").asInt()).isEqualTo(1);
    assertThat(mcp.calls.get()).isEqualTo(1);
    assertThat(mcp.authorizations).isNotEmpty().allMatch(a -> a.equals(HEADER_SECRET));
    PROVIDER.verify(
        postRequestedFor(urlEqualTo("/v1/chat/completions"))
            .withRequestBody(matchingJsonPath("$.tools[0].function.name", equalTo("add")))
            .withRequestBody(
                matchingJsonPath(
                    "$.tools[?(@.function.name == 'hidden')]",
                    com.github.tomakehurst.wiremock.client.WireMock.absent())));
    PROVIDER.verify(
        postRequestedFor(urlEqualTo("/v1/chat/completions"))
            .withRequestBody(matchingJsonPath("$.messages[1].tool_calls[0].id", equalTo("call_1")))
            .withRequestBody(matchingJsonPath("$.messages[2].role", equalTo("tool")))
            .withRequestBody(matchingJsonPath("$.messages[2].tool_call_id", equalTo("call_1")))
            .withRequestBody(matchingJsonPath("$.messages[2].content", equalTo("5"))));

    JsonNode messages = http.get("/sessions/" + id + "/messages").json().get("messages");
    assertThat(messages).hasSize(3);
    assertThat(messages.get(1).get("role").asText()).isEqualTo("tool");
    assertThat(messages.get(1).get("content").asText()).isEqualTo("5");
    assertThat(messages.get(1).get("tool").get("name").asText()).isEqualTo("add");
    assertThat(messages.get(1).get("tool").get("call_id").asText()).isEqualTo("call_1");
    assertThat(messages.get(2).get("content").asText()).isEqualTo("The sum is 5.");
    String events = Turns.sessionEvents(jdbc, id);
    assertThat(events).contains("sessions.SessionToolCalled").contains("\"callId\":\"call_1\"");
    assertThat(Turns.allEvents(jdbc)).doesNotContain(HEADER_SECRET);
  }

  @Test
  void shouldStreamAnOpenAiToolTurnWithToolEvents() throws Exception {
    PROVIDER.stubFor(
        post(urlEqualTo("/v1/chat/completions"))
            .atPriority(5)
            .willReturn(eventStream(openAiToolCallStream())));
    PROVIDER.stubFor(
        post(urlEqualTo("/v1/chat/completions"))
            .atPriority(1)
            .withRequestBody(containing("\"tool_call_id\""))
            .willReturn(eventStream(ProviderWire.openAiTextStream("m", "It is ", "42."))));
    String id = toolSession("provider-openai", Map.of());

    List<JsonNode> events = Turns.stream(port, user, id, "What is 20 + 22?");

    List<String> types = Turns.types(events);
    assertThat(types)
        .containsSubsequence("tool:pre", "tool:post", "content_block:delta", "response", "done");
    JsonNode pre = events.get(types.indexOf("tool:pre"));
    assertThat(pre.get("call_id").asText()).isEqualTo("call_s1");
    assertThat(pre.get("tool_name").asText()).isEqualTo("add");
    assertThat(pre.get("arguments").asText()).isEqualTo("{\"a\":20,\"b\":22}");
    assertThat(events.get(types.indexOf("tool:post")).get("output").asText()).isEqualTo("42");
    assertThat(events.get(types.indexOf("response")).get("content").asText())
        .isEqualTo("It is 42.");
    PROVIDER.verify(
        postRequestedFor(urlEqualTo("/v1/chat/completions"))
            .withRequestBody(matchingJsonPath("$.messages[2].content", equalTo("42"))));
  }

  static String anthropicToolUse() {
    return "{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"test-model\","
        + "\"content\":[{\"type\":\"text\",\"text\":\"Let me add.\"},"
        + "{\"type\":\"tool_use\",\"id\":\"toolu_1\",\"name\":\"add\",\"input\":{\"a\":4,\"b\":5}}],"
        + "\"stop_reason\":\"tool_use\",\"usage\":{\"input_tokens\":7,\"output_tokens\":2}}";
  }

  static String anthropicToolUseStream() {
    return ProviderWire.anthropicStart()
        + "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,\"content_block\":"
        + "{\"type\":\"tool_use\",\"id\":\"toolu_s1\",\"name\":\"add\",\"input\":{}}}\n\n"
        + "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":"
        + "{\"type\":\"input_json_delta\",\"partial_json\":\"{\\\"a\\\": 6,\"}}\n\n"
        + "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":"
        + "{\"type\":\"input_json_delta\",\"partial_json\":\" \\\"b\\\": 7}\"}}\n\n"
        + "event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":0}\n\n"
        + "event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"tool_use\"},\"usage\":{\"output_tokens\":9}}\n\n"
        + "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n";
  }

  @Test
  void shouldRunAnthropicToolTurnsPlainAndStreamed() throws Exception {
    PROVIDER.stubFor(
        post(urlEqualTo("/v1/messages")).atPriority(5).willReturn(json(anthropicToolUse())));
    PROVIDER.stubFor(
        post(urlEqualTo("/v1/messages"))
            .atPriority(1)
            .withRequestBody(containing("tool_result"))
            .willReturn(json(ProviderWire.anthropicReply("msg_2", "Nine.", 9, 3))));
    PROVIDER.stubFor(
        post(urlEqualTo("/v1/messages"))
            .atPriority(4)
            .withRequestBody(matchingJsonPath("$.stream", equalTo("true")))
            .willReturn(eventStream(anthropicToolUseStream())));
    PROVIDER.stubFor(
        post(urlEqualTo("/v1/messages"))
            .atPriority(0)
            .withRequestBody(matchingJsonPath("$.stream", equalTo("true")))
            .withRequestBody(containing("toolu_s1"))
            .willReturn(eventStream(ProviderWire.anthropicTextStream("Thir", "teen."))));
    String id = toolSession("provider-anthropic", Map.of());

    Http.Response plain =
        http.post("/sessions/" + id + "/messages", Map.of("message", "What is 4 + 5?"));

    assertThat(plain.status()).as(plain.toString()).isEqualTo(200);
    assertThat(plain.json().get("response").asText()).isEqualTo("Let me add.\n\nNine.");
    PROVIDER.verify(
        postRequestedFor(urlEqualTo("/v1/messages"))
            .withRequestBody(matchingJsonPath("$.tools[0].name", equalTo("add")))
            .withRequestBody(
                matchingJsonPath(
                    "$.messages[1].content[?(@.type == 'tool_use')].id", equalTo("toolu_1")))
            .withRequestBody(
                matchingJsonPath("$.messages[2].content[0].type", equalTo("tool_result")))
            .withRequestBody(
                matchingJsonPath("$.messages[2].content[0].tool_use_id", equalTo("toolu_1")))
            .withRequestBody(matchingJsonPath("$.messages[2].content[0].content", equalTo("9"))));

    List<JsonNode> events = Turns.stream(port, user, id, "And 6 + 7?");

    List<String> types = Turns.types(events);
    assertThat(types)
        .containsSubsequence("tool:pre", "tool:post", "content_block:delta", "response", "done");
    assertThat(events.get(types.indexOf("tool:pre")).get("call_id").asText()).isEqualTo("toolu_s1");
    assertThat(events.get(types.indexOf("tool:post")).get("output").asText()).isEqualTo("13");
    assertThat(events.get(types.indexOf("response")).get("content").asText())
        .isEqualTo("Thirteen.");
    assertThat(mcp.calls.get()).isEqualTo(2);
  }

  @Test
  void shouldFailATurnWhoseModelCallsToolsPastMaxToolRounds() {
    PROVIDER.stubFor(
        post(urlEqualTo("/v1/chat/completions"))
            .willReturn(json(openAiToolCall("call_again", "{\"a\":1,\"b\":1}"))));
    String id = toolSession("provider-openai", Map.of("max_tool_rounds", 2));

    Http.Response reply =
        http.post("/sessions/" + id + "/messages", Map.of("message", "Loop forever"));

    assertProblem(reply, 502, "/problems/tool-rounds-exceeded");
    assertThat(reply.json().get("detail").asText()).contains("max_tool_rounds (2)");
    assertThat(mcp.calls.get()).isEqualTo(2);
    PROVIDER.verify(3, postRequestedFor(urlEqualTo("/v1/chat/completions")));
    assertThat(Turns.sessionEvents(jdbc, id)).contains("sessions.SessionTurnFailed");
    Http.Response next =
        http.post("/sessions/" + id + "/messages", Map.of("message", "still there?"));
    assertThat(next.status()).as("the session stays usable").isNotEqualTo(409);
  }

  @Test
  void shouldTellTheModelOfAToolErrorAndStreamIt() throws Exception {
    String failing =
        "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"created\":1700000000,\"model\":\"m\","
            + "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":null,\"tool_calls\":["
            + "{\"id\":\"call_f\",\"type\":\"function\",\"function\":{\"name\":\"fail\",\"arguments\":\"{}\"}},"
            + "{\"id\":\"call_h\",\"type\":\"function\",\"function\":{\"name\":\"hidden\",\"arguments\":\"{}\"}}]},"
            + "\"finish_reason\":\"tool_calls\"}]}";
    PROVIDER.stubFor(
        post(urlEqualTo("/v1/chat/completions")).atPriority(5).willReturn(json(failing)));
    PROVIDER.stubFor(
        post(urlEqualTo("/v1/chat/completions"))
            .atPriority(1)
            .withRequestBody(containing("\"tool_call_id\""))
            .willReturn(json(ProviderWire.openAiReply("Sorry."))));
    String id = toolSession("provider-openai", Map.of());

    Http.Response reply = http.post("/sessions/" + id + "/messages", Map.of("message", "Try"));

    assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
    assertThat(mcp.calls.get()).as("hidden is not on the allow list, so never called").isEqualTo(1);
    PROVIDER.verify(
        postRequestedFor(urlEqualTo("/v1/chat/completions"))
            .withRequestBody(matchingJsonPath("$.messages[2].content", equalTo("disk on fire")))
            .withRequestBody(matchingJsonPath("$.messages[3].tool_call_id", equalTo("call_h")))
            .withRequestBody(
                matchingJsonPath("$.messages[3].content", containing("No tool named 'hidden'"))));
    JsonNode messages = http.get("/sessions/" + id + "/messages").json().get("messages");
    assertThat(messages.get(1).get("tool").get("error").asBoolean()).isTrue();
  }

  @Test
  void shouldListAndCallAnMcpToolWithTheBuiltInEchoProvider() throws Exception {
    Map<String, Object> data = document("provider-echo", Map.of());
    data.put("tools", List.of(mcpTool(mcp.url())));
    String id = Turns.sessionOn(http, "echo-tools", data);

    List<JsonNode> events = Turns.stream(port, user, id, "call add {\"a\": 40, \"b\": 2}");

    List<String> types = Turns.types(events);
    assertThat(types).containsSubsequence("tool:pre", "tool:post", "response", "done");
    assertThat(events.get(types.indexOf("response")).get("content").asText())
        .isEqualTo("add said: 42");
    String turnId = events.get(types.indexOf("response")).get("turn_id").asText();
    JsonNode turn = http.get("/sessions/" + id + "/turns/" + turnId).json();
    assertThat(turn.get("status").asText()).isEqualTo("completed");
    assertThat(turn.get("tool_calls")).hasSize(1);
    assertThat(turn.get("tool_calls").get(0).get("name").asText()).isEqualTo("add");
    assertThat(turn.get("tool_calls").get(0).get("output").asText()).isEqualTo("42");
  }

  /**
   * Issue 21 point 9: a tool that answers the config's sealed provider key (a hostile or careless
   * MCP server) has it redacted from everything the turn records and answers.
   */
  @Test
  void shouldRedactTheSealedProviderKeyFromAToolsOutput() throws Exception {
    String canary = "sk-canary-" + java.util.UUID.randomUUID();
    mcp.leak = "the key you use is " + canary;
    Map<String, Object> data = document("provider-echo", Map.of("api_key", canary));
    Map<String, Object> leaky = new LinkedHashMap<>();
    leaky.put("url", mcp.url());
    leaky.put("allow", List.of("leak"));
    data.put("tools", List.of(Turns.mcpTool(leaky)));
    String id = Turns.sessionOn(http, "echo-leak", data);

    List<JsonNode> events = Turns.stream(port, user, id, "call leak {}");

    assertThat(events.toString()).doesNotContain(canary).contains("[redacted]");
    List<String> types = Turns.types(events);
    String turnId = events.get(types.indexOf("response")).get("turn_id").asText();
    JsonNode turn = http.get("/sessions/" + id + "/turns/" + turnId).json();
    assertThat(turn.get("tool_calls").get(0).get("output").asText())
        .isEqualTo("the key you use is [redacted]");
    assertThat(http.get("/sessions/" + id + "/messages").body()).doesNotContain(canary);
    assertThat(http.get("/sessions/" + id + "/history").body()).doesNotContain(canary);
  }

  static String openAiToolCalls(int count) {
    StringBuilder calls = new StringBuilder();
    for (int i = 0; i < count; i++) {
      calls
          .append(i == 0 ? "" : ",")
          .append("{\"id\":\"call_")
          .append(i)
          .append("\",\"type\":\"function\",\"function\":{\"name\":\"add\",")
          .append("\"arguments\":\"{\\\"a\\\":1,\\\"b\\\":2}\"}}");
    }
    return "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"created\":1700000000,\"model\":\"m\","
        + "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":null,\"tool_calls\":["
        + calls
        + "]},\"finish_reason\":\"tool_calls\"}]}";
  }

  @Test
  void shouldRunAtMostMaxToolCallsPerRoundAndTellTheModelOfTheRest() {
    PROVIDER.stubFor(
        post(urlEqualTo("/v1/chat/completions"))
            .atPriority(5)
            .willReturn(json(openAiToolCalls(40))));
    PROVIDER.stubFor(
        post(urlEqualTo("/v1/chat/completions"))
            .atPriority(1)
            .withRequestBody(containing("\"tool_call_id\""))
            .willReturn(json(ProviderWire.openAiReply("Done."))));
    String id = toolSession("provider-openai", Map.of());

    Http.Response reply = http.post("/sessions/" + id + "/messages", Map.of("message", "Add!"));

    assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
    assertThat(mcp.calls.get()).as("calls run: the default cap").isEqualTo(32);
    assertThat(reply.json().get("metadata").get("tool_calls").asInt()).isEqualTo(32);
    PROVIDER.verify(
        postRequestedFor(urlEqualTo("/v1/chat/completions"))
            .withRequestBody(matchingJsonPath("$.messages[41].tool_call_id", equalTo("call_39")))
            .withRequestBody(
                matchingJsonPath(
                    "$.messages[41].content", containing("max_tool_calls_per_round"))));

    mcp.calls.set(0);
    String capped = toolSession("provider-openai", Map.of("max_tool_calls_per_round", 5));
    assertThat(http.post("/sessions/" + capped + "/messages", Map.of("message", "Add!")).status())
        .isEqualTo(200);
    assertThat(mcp.calls.get()).isEqualTo(5);
  }

  @Test
  void shouldValidateMaxToolCallsPerRoundNamingTheField() {
    for (Object bad : List.of(0, 257, "many", 2.5)) {
      Map<String, Object> data = document("provider-echo", Map.of());
      data.put("max_tool_calls_per_round", bad);
      Http.Response response = http.post("/configs", Map.of("name", "calls", "config_data", data));
      assertProblem(response, 400, "/problems/config-validation");
      assertThat(response.json().get("detail").asText())
          .as(String.valueOf(bad))
          .startsWith("Config validation error: $.max_tool_calls_per_round: ");
    }
  }

  @Test
  void shouldValidateMaxToolRoundsAndMcpEntriesNamingTheField() {
    for (Object bad : List.of(0, 101, "many", 2.5)) {
      Map<String, Object> data = document("provider-echo", Map.of());
      data.put("max_tool_rounds", bad);
      Http.Response response = http.post("/configs", Map.of("name", "rounds", "config_data", data));
      assertProblem(response, 400, "/problems/config-validation");
      assertThat(response.json().get("detail").asText())
          .as(String.valueOf(bad))
          .startsWith("Config validation error: $.max_tool_rounds: ");
    }
    Map<String, Object> data = document("provider-echo", Map.of());
    data.put("tools", List.of(Turns.mcpTool(Map.of("url", mcp.url(), "allow", "add"))));
    Http.Response allow = http.post("/configs", Map.of("name", "allow", "config_data", data));
    assertProblem(allow, 400, "/problems/config-validation");
    assertThat(allow.json().get("detail").asText())
        .startsWith("Config validation error: $.tools[0].config.allow: ");
    data.put(
        "tools",
        List.of(
            Turns.mcpTool(Map.of("headers", Map.of("X-Api-Key", "${HOME}"), "url", mcp.url()))));
    Http.Response reference = http.post("/configs", Map.of("name", "ref", "config_data", data));
    assertThat(reference.status()).as("references are data at write").isEqualTo(201);
    String sessionId =
        http.post("/sessions", Map.of("config_id", reference.json().get("config_id").asText()))
            .json()
            .get("session_id")
            .asText();
    Http.Response turn = http.post("/sessions/" + sessionId + "/messages", Map.of("message", "hi"));
    assertProblem(turn, 400, "/problems/config-validation");
    assertThat(turn.json().get("detail").asText())
        .startsWith("Config validation error: $.tools[0].config.headers['X-Api-Key']: ");
  }

  @Test
  void shouldSealSecretHeadersOfMcpServers() {
    Map<String, Object> data = document("provider-echo", Map.of());
    data.put(
        "tools",
        List.of(
            Turns.mcpTool(
                Map.of(
                    "url", mcp.url(),
                    "headers", Map.of("Authorization", "Bearer plain-mcp-secret-123")))));
    Http.Response created = http.post("/configs", Map.of("name", "sealed", "config_data", data));
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    String id =
        http.post("/sessions", Map.of("config_id", created.json().get("config_id").asText()))
            .json()
            .get("session_id")
            .asText();

    Http.Response reply =
        http.post("/sessions/" + id + "/messages", Map.of("message", "call add {\"a\":1,\"b\":2}"));

    assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
    assertThat(reply.json().get("response").asText()).isEqualTo("add said: 3");
    assertThat(mcp.authorizations).contains("Bearer plain-mcp-secret-123");
    JsonNode stored = http.get("/configs/" + created.json().get("config_id").asText()).json();
    assertThat(stored.at("/config_data/tools/0/config/headers/Authorization").asText())
        .startsWith("enc:");
    assertThat(Turns.allEvents(jdbc)).doesNotContain("plain-mcp-secret-123");
  }
}
