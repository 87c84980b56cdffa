package io.amplifier.appapi.sessions;

import static org.assertj.core.api.Assertions.assertThat;

import io.amplifier.appapi.ApiTest;
import io.amplifier.appapi.Http;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

/**
 * A call on a kept MCP session still ends at {@code TOOL_CALL_TIMEOUT}; the timed-out session is
 * dropped, so the next turn opens the server afresh.
 */
@ApiTest
@TestPropertySource(properties = "TOOL_CALL_TIMEOUT=PT1S")
class McpToolTimeoutTest {

  static McpTestServer mcp;

  @LocalServerPort int port;

  @BeforeAll
  static void start() throws Exception {
    mcp = new McpTestServer(0, true).warmedUp();
  }

  @AfterAll
  static void stop() throws Exception {
    mcp.close();
  }

  private Http.Response turn(Http http, String session, String message) {
    Http.Response reply =
        http.post("/sessions/" + session + "/messages", Map.of("message", message));
    assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
    return reply;
  }

  @Test
  void shouldEndASlowCallAtTheCallTimeoutAndOpenAfreshAfterIt() {
    Http http = new Http(port).with("X-User-ID", "mcp-timeout-" + UUID.randomUUID());
    Map<String, Object> server = new LinkedHashMap<>();
    server.put("url", mcp.url());
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("bundle", Map.of("name", "timeout"));
    data.put("providers", List.of(Map.of("module", "provider-echo", "config", Map.of())));
    data.put("tools", List.of(Turns.mcpTool(server)));
    String session = Turns.sessionOn(http, "timeout", data);
    assertThat(turn(http, session, "call add {\"a\": 1, \"b\": 1}").json().get("response").asText())
        .isEqualTo("add said: 2");

    long started = System.nanoTime();
    Http.Response slow = turn(http, session, "call slow {}");
    long millis = (System.nanoTime() - started) / 1_000_000;

    assertThat(millis).as("ended by TOOL_CALL_TIMEOUT, not by the tool").isLessThan(5_000);
    assertThat(slow.json().get("response").asText()).contains("TOOL_CALL_TIMEOUT");
    assertThat(mcp.method("initialize")).isEqualTo(1);
    assertThat(turn(http, session, "call add {\"a\": 2, \"b\": 2}").json().get("response").asText())
        .isEqualTo("add said: 4");
    assertThat(mcp.method("initialize")).as("opened afresh after the timeout").isEqualTo(2);
  }
}
