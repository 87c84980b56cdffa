package io.amplifier.appapi.sessions.outbound;

import static io.amplifier.appapi.configs.ConfigApiTest.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import io.amplifier.appapi.Http;
import io.amplifier.appapi.sessions.McpTestServer;
import io.amplifier.appapi.sessions.Turns;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * MCP tool servers pass the outbound policy: a URL on a refused address is refused when the config
 * is written; a name resolving to one ({@link FakeDns}) fails the turn at connect, before any
 * connection: the real MCP server on loopback behind that name never sees a request.
 */
@OutboundTest
class McpOutboundTest extends StubbedProviderTest {

  static McpTestServer mcp;

  @BeforeAll
  static void startMcp() throws Exception {
    mcp = new McpTestServer();
  }

  @AfterAll
  static void stopMcp() throws Exception {
    mcp.close();
  }

  @Test
  void shouldRefuseMcpServersOnRefusedAddressesBeforeAnyConnection() {
    for (String url :
        List.of(
            "http://10.1.2.3:8080/mcp",
            "http://169.254.169.254/mcp",
            "file:///etc/passwd",
            "http://127.0.0.1:" + port + "/mcp")) {
      Map<String, Object> data = Turns.document("provider-echo", Map.of());
      data.put("tools", List.of(Turns.mcpTool(Map.of("url", url))));
      Http.Response written = http.post("/configs", Map.of("name", "private", "config_data", data));
      assertProblem(written, 400, "/problems/config-validation");
      assertThat(written.json().get("detail").asText())
          .as(url)
          .startsWith("Config validation error: $.tools[0].config.url: ");
    }

    int mcpPort = URI.create(mcp.url()).getPort();
    FakeDns.answer("tools.internal.example", "10.20.30.40", "127.0.0.1");
    Map<String, Object> data = Turns.document("provider-echo", Map.of());
    data.put(
        "tools",
        List.of(Turns.mcpTool(Map.of("url", "http://tools.internal.example:" + mcpPort + "/mcp"))));
    String id = Turns.sessionOn(http, "private-dns", data);

    Http.Response reply =
        http.post("/sessions/" + id + "/messages", Map.of("message", "call add {\"a\":1,\"b\":2}"));

    assertProblem(reply, 502, "/problems/outbound-refused");
    assertThat(reply.json().get("detail").asText())
        .contains("Tool server address refused by the outbound policy")
        .contains("private address");
    assertThat(FakeDns.LOOKUPS).contains("tools.internal.example");
    assertThat(mcp.requests.get())
        .as("no request reached the server behind the refused name")
        .isZero();
  }
}
