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

/**
 * Over HTTP, against a real MCP server: the tool turns of one session initialize the server and
 * list its tools once on this node, not once per turn; a failed call makes the next turn open the
 * server afresh; another session opens its own.
 */
@ApiTest
class McpSessionReuseTest {

  static McpTestServer mcp;

  @LocalServerPort int port;

  @BeforeAll
  static void start() throws Exception {
    mcp = new McpTestServer().warmedUp();
  }

  @AfterAll
  static void stop() throws Exception {
    mcp.close();
  }

  private String session(Http http) {
    Map<String, Object> server = new LinkedHashMap<>();
    server.put("url", mcp.url());
    server.put("headers", Map.of("Authorization", "Bearer reuse-secret-7a1c"));
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("bundle", Map.of("name", "reuse"));
    data.put("providers", List.of(Map.of("module", "provider-echo", "config", Map.of())));
    data.put("tools", List.of(Turns.mcpTool(server)));
    return Turns.sessionOn(http, "reuse", data);
  }

  private String turn(Http http, String session, int a, int b) {
    Http.Response reply =
        http.post(
            "/sessions/" + session + "/messages",
            Map.of("message", "call add {\"a\": " + a + ", \"b\": " + b + "}"));
    assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
    return reply.json().get("response").asText();
  }

  @Test
  void shouldOpenTheServerOncePerSessionAndAgainAfterAFailure() {
    Http http = new Http(port).with("X-User-ID", "mcp-reuse-" + UUID.randomUUID());
    String session = session(http);

    assertThat(turn(http, session, 1, 2)).isEqualTo("add said: 3");
    assertThat(turn(http, session, 40, 2)).isEqualTo("add said: 42");

    assertThat(mcp.method("initialize")).as("initialize").isEqualTo(1);
    assertThat(mcp.method("tools/list")).as("tools/list").isEqualTo(1);
    assertThat(mcp.method("tools/call")).as("tools/call").isEqualTo(2);

    mcp.failingCalls.set(1);
    assertThat(turn(http, session, 5, 5)).doesNotContain("add said: 10");
    assertThat(mcp.method("initialize")).as("the failed turn used the kept session").isEqualTo(1);

    assertThat(turn(http, session, 6, 6)).isEqualTo("add said: 12");
    assertThat(mcp.method("initialize")).as("opened afresh after the failure").isEqualTo(2);
    assertThat(mcp.method("tools/list")).isEqualTo(2);

    String other = session(http);
    assertThat(turn(http, other, 2, 2)).isEqualTo("add said: 4");
    assertThat(mcp.method("initialize")).as("another session opens its own").isEqualTo(3);
    assertThat(mcp.method("tools/call")).isEqualTo(5);
  }
}
