package io.amplifier.appapi.sessions.outbound;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static io.amplifier.appapi.configs.ConfigApiTest.assertProblem;
import static io.amplifier.appapi.sessions.ProviderWire.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import io.amplifier.appapi.Http;
import io.amplifier.appapi.sessions.McpTestServer;
import io.amplifier.appapi.sessions.ProviderWire;
import io.amplifier.appapi.sessions.Turns;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The operator's keys go only to the hosts they are bound to ({@code
 * PROVIDER_ENV_ALLOWLIST=NAME@host|…}, a known name bare meaning its provider's official host): a
 * "collector" on an allowed loopback address that is not the bound host never receives one, from a
 * provider's {@code base_url} nor from an MCP server's header. References are data: stored and
 * answered verbatim in any field, resolved (a bound name or the {@code :-default}) when a turn
 * runs, the turn refused naming the field when neither applies.
 */
@OutboundTest
class OperatorKeyBindingTest extends StubbedProviderTest {

  @RegisterExtension
  static final WireMockExtension COLLECTOR =
      WireMockExtension.newInstance()
          .options(options().dynamicPort().bindAddress("127.0.0.1"))
          .build();

  static McpTestServer mcp;

  @BeforeAll
  static void startMcp() throws Exception {
    mcp = new McpTestServer(McpToolCap.TOOLS);
  }

  @AfterAll
  static void stopMcp() throws Exception {
    mcp.close();
  }

  /** The limits of {@code McpToolServers} and {@code ToolConfigRules}. */
  interface McpToolCap {
    int TOOLS = 128;
    int SERVERS = 8;
  }

  static void assertNoRequestCarries(WireMockExtension server, String secret) {
    for (ServeEvent event : server.getAllServeEvents()) {
      assertThat(event.getRequest().toString()).doesNotContain(secret);
    }
  }

  static void assertRefusedTurn(Http.Response reply, String field) {
    assertProblem(reply, 400, "/problems/config-validation");
    assertThat(reply.json().get("detail").asText())
        .startsWith("Config validation error: " + field + ": ");
    assertThat(reply.json().get("errors").get(0).get("field").asText()).isEqualTo(field);
  }

  private String sessionOn(Map<String, Object> data) {
    Http.Response created = http.post("/configs", Map.of("name", "bound", "config_data", data));
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    return http.post("/sessions", Map.of("config_id", created.json().get("config_id").asText()))
        .json()
        .get("session_id")
        .asText();
  }

  private void stubReply(WireMockExtension server) {
    server.stubFor(
        post(urlEqualTo("/v1/chat/completions")).willReturn(json(ProviderWire.openAiReply("ok"))));
  }

  @Test
  void shouldNeverSendAnOperatorKeyToAProviderBaseUrlItIsNotBoundTo() {
    COLLECTOR.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200)));
    for (String name : List.of("OPENAI_API_KEY", "AMPLIFIER_TEST_PROVIDER_KEY")) {
      for (String baseUrl :
          List.of(
              "http://127.0.0.1:" + COLLECTOR.getPort(),
              "http://localhost:" + COLLECTOR.getPort())) {
        if (name.startsWith("AMPLIFIER") && baseUrl.contains("127.0.0.1")) {
          continue; // bound there: the positive case below
        }
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("api_key", "${" + name + "}");
        config.put("model", "gpt-test");
        config.put("base_url", baseUrl);
        String sessionId = Turns.session(http, "provider-openai", config);

        Http.Response reply =
            http.post("/sessions/" + sessionId + "/messages", Map.of("message", "hi"));

        assertRefusedTurn(reply, "$.providers[0].config.api_key");
        assertThat(reply.json().get("detail").asText()).contains(name);
      }
    }
    assertNoRequestCarries(COLLECTOR, OutboundTest.CANARY);
    assertNoRequestCarries(COLLECTOR, OutboundTest.VALUE);
    assertThat(COLLECTOR.getAllServeEvents()).isEmpty();
  }

  @Test
  void shouldNeverSendAnOperatorKeyInAnMcpHeaderToAServerItIsNotBoundTo() {
    COLLECTOR.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200)));
    Map<String, Object> data = Turns.document("provider-echo", Map.of());
    data.put(
        "tools",
        List.of(
            Turns.mcpTool(
                Map.of(
                    "url",
                    COLLECTOR.baseUrl() + "/mcp",
                    "headers",
                    Map.of("X-Key", "${ANTHROPIC_API_KEY}")))));
    String sessionId = sessionOn(data);

    Http.Response reply =
        http.post("/sessions/" + sessionId + "/messages", Map.of("message", "hi"));

    assertRefusedTurn(reply, "$.tools[0].config.headers['X-Key']");
    assertNoRequestCarries(COLLECTOR, OutboundTest.CANARY);
    assertThat(COLLECTOR.getAllServeEvents()).isEmpty();
  }

  @Test
  void shouldSendAKeyToTheHostItIsBoundTo() {
    stubReply(PROVIDER);
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("api_key", "${" + OutboundTest.VARIABLE + "}");
    config.put("model", "gpt-test");
    config.put("base_url", "http://127.0.0.1:" + PROVIDER.getPort());
    String sessionId = Turns.session(http, "provider-openai", config);

    Http.Response reply =
        http.post("/sessions/" + sessionId + "/messages", Map.of("message", "hi"));

    assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
    PROVIDER.verify(
        postRequestedFor(urlEqualTo("/v1/chat/completions"))
            .withHeader("Authorization", equalTo("Bearer " + OutboundTest.VALUE)));

    Map<String, Object> data = Turns.document("provider-echo", Map.of());
    data.put(
        "tools",
        List.of(
            Turns.mcpTool(
                Map.of(
                    "url",
                    mcp.url(),
                    "headers",
                    Map.of("Authorization", "${" + OutboundTest.VARIABLE + "}")))));
    Http.Response tooled =
        http.post(
            "/sessions/" + sessionOn(data) + "/messages",
            Map.of("message", "call add {\"a\":1,\"b\":2}"));
    assertThat(tooled.status()).as(tooled.toString()).isEqualTo(200);
    assertThat(mcp.authorizations).contains(OutboundTest.VALUE);
  }

  @Test
  void shouldStoreReferencesInAnyFieldVerbatimAndResolveTheDefaultAtTurnTime() {
    stubReply(PROVIDER);
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("api_key", "sk-plain");
    config.put("model", "${MODEL_NAME:-claude-sonnet-4-5}");
    config.put("base_url", PROVIDER.baseUrl());
    Http.Response created = Turns.createConfig(http, "provider-openai", config);
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    String configId = created.json().get("config_id").asText();
    assertThat(
            http.get("/configs/" + configId)
                .json()
                .at("/config_data/providers/0/config/model")
                .asText())
        .isEqualTo("${MODEL_NAME:-claude-sonnet-4-5}");
    String sessionId =
        http.post("/sessions", Map.of("config_id", configId)).json().get("session_id").asText();

    Http.Response reply =
        http.post("/sessions/" + sessionId + "/messages", Map.of("message", "hi"));

    assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
    PROVIDER.verify(
        postRequestedFor(urlEqualTo("/v1/chat/completions"))
            .withRequestBody(matchingJsonPath("$.model", equalTo("claude-sonnet-4-5"))));
  }

  @Test
  void shouldAcceptAnUnresolvableReferenceAtWriteAndRefuseTheTurnNamingTheField() {
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("api_key", "sk-plain");
    config.put("model", "${MODEL_NAME}");
    config.put("base_url", PROVIDER.baseUrl());
    String sessionId = Turns.session(http, "provider-openai", config);

    Http.Response reply =
        http.post("/sessions/" + sessionId + "/messages", Map.of("message", "hi"));

    assertRefusedTurn(reply, "$.providers[0].config.model");
    assertThat(reply.json().get("detail").asText()).contains("MODEL_NAME");
    assertThat(PROVIDER.getAllServeEvents()).isEmpty();
  }

  @Test
  void shouldRefuseMoreThanEightMcpServersNamingTheField() {
    List<Object> tools = new ArrayList<>();
    for (int i = 0; i <= McpToolCap.SERVERS; i++) {
      tools.add(Turns.mcpTool(Map.of("url", mcp.url())));
    }
    Map<String, Object> data = Turns.document("provider-echo", Map.of());
    data.put("tools", tools);

    Http.Response written = http.post("/configs", Map.of("name", "many", "config_data", data));

    assertProblem(written, 400, "/problems/config-validation");
    assertThat(written.json().get("detail").asText())
        .startsWith("Config validation error: $.tools: ");
    data.put("tools", tools.subList(0, McpToolCap.SERVERS));
    assertThat(http.post("/configs", Map.of("name", "eight", "config_data", data)).status())
        .isEqualTo(201);
  }

  @Test
  void shouldNotConnectToFurtherMcpServersOnceTheToolCapIsReached() throws Exception {
    try (McpTestServer second = new McpTestServer()) {
      Map<String, Object> data = Turns.document("provider-echo", Map.of());
      data.put(
          "tools",
          List.of(
              Turns.mcpTool(Map.of("url", mcp.url())), Turns.mcpTool(Map.of("url", second.url()))));
      String sessionId = sessionOn(data);

      Http.Response reply =
          http.post("/sessions/" + sessionId + "/messages", Map.of("message", "hi"));

      assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
      assertThat(second.requests.get())
          .as("the first server's tools filled the cap: the second is never contacted")
          .isZero();
    }
  }
}
