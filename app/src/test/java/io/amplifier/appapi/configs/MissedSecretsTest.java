package io.amplifier.appapi.configs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.amplifier.appapi.ApiTest;
import io.amplifier.appapi.Http;
import io.amplifier.appapi.sessions.Turns;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Credential headers, {@code secret: true} values and URLs carrying credentials are sealed like the
 * named secret fields: GET shows {@code enc:}, history shows no value, no event holds them; and
 * what a turn records never holds an opened secret.
 */
@ApiTest
class MissedSecretsTest {

  @LocalServerPort int port;
  @Autowired JdbcTemplate jdbc;

  private String allEvents() {
    return String.join(
        "\n",
        jdbc.queryForList(
            "select convert_from(payload, 'UTF8') from domainevententry", String.class));
  }

  @Test
  void shouldSealCredentialHeadersAndUrlCredentials() {
    String canary = "canary-" + UUID.randomUUID();
    Http http = new Http(port).with("X-User-ID", "missed-" + UUID.randomUUID());
    List<String> names =
        List.of(
            "Ocp-Apim-Subscription-Key",
            "x-functions-key",
            "Cookie",
            "Set-Cookie",
            "Proxy-Authorization",
            "X-Api-Key",
            "api-key",
            "X-Auth-Token");
    Map<String, Object> headers = new LinkedHashMap<>();
    names.forEach(n -> headers.put(n, canary + "-" + n));
    headers.put("X-Custom", Map.of("value", canary + "-custom", "secret", true));
    headers.put("Accept", "application/json");
    List<String> urls =
        List.of(
            "https://fn.example/api/mcp?code=" + canary + "-code",
            "https://host.example/mcp?key=" + canary + "-key",
            "https://host.example/mcp?token=" + canary + "-token",
            "https://host.example/mcp?api_key=" + canary + "-apikey",
            "https://blob.example/c?sv=2024&sig=" + canary + "-sig",
            "https://user:" + canary + "-pass@host.example/mcp");
    List<Object> tools = new java.util.ArrayList<>();
    for (String url : urls) {
      tools.add(Map.of("module", "tool-other", "config", Map.of("url", url, "headers", headers)));
    }
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("bundle", Map.of("name", "missed"));
    data.put("tools", tools);
    Http.Response created = http.post("/configs", Map.of("name", "missed", "config_data", data));
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    String id = created.json().get("config_id").asText();
    // an update, so that the history has a diff of the sealed fields
    data.put("bundle", Map.of("name", "missed-2"));
    ((Map<String, Object>) headers).put("Cookie", canary + "-cookie-2");
    assertThat(http.put("/configs/" + id, Map.of("config_data", data)).status()).isEqualTo(200);

    JsonNode stored = http.get("/configs/" + id).json().get("config_data");
    for (int i = 0; i < urls.size(); i++) {
      JsonNode config = stored.get("tools").get(i).get("config");
      assertThat(config.get("url").asText()).as(urls.get(i)).startsWith("enc:jv1:");
      for (String name : names) {
        assertThat(config.get("headers").get(name).asText()).as(name).startsWith("enc:jv1:");
      }
      assertThat(config.at("/headers/X-Custom/value").asText()).startsWith("enc:jv1:");
      assertThat(config.at("/headers/X-Custom/secret").asBoolean()).isTrue();
      assertThat(config.at("/headers/Accept").asText()).isEqualTo("application/json");
    }
    assertThat(stored.toString()).doesNotContain(canary);
    Http.Response history = http.get("/configs/" + id + "/history");
    assertThat(history.status()).isEqualTo(200);
    assertThat(history.body()).doesNotContain(canary);
    assertThat(allEvents()).doesNotContain(canary);
    JsonNode clear = http.get("/configs/" + id + "?decrypt=true").json().get("config_data");
    assertThat(clear.at("/tools/0/config/url").asText()).isEqualTo(urls.get(0));
    assertThat(clear.at("/tools/0/config/headers/Cookie").asText()).isEqualTo(canary + "-cookie-2");
  }

  @Test
  void shouldRecordAClientToolCallWithoutTheOpenedApiKey() throws Exception {
    String canary = "sk-canary-" + UUID.randomUUID();
    Http http = new Http(port).with("X-User-ID", "missed-" + UUID.randomUUID());
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("bundle", Map.of("name", "client"));
    data.put(
        "providers",
        List.of(Map.of("module", "provider-echo", "config", Map.of("api_key", canary))));
    String session = Turns.sessionOn(http, "client", data);
    Http.Response started =
        http.post(
            "/sessions/" + session + "/turns",
            Map.of(
                "message",
                "call lookup {\"q\": \"" + canary + "\"}",
                "tools",
                List.of(Map.of("name", "lookup", "description", "asks the client"))));
    assertThat(started.status()).as(started.toString()).isEqualTo(202);
    String turn = "/sessions/" + session + "/turns/" + started.json().get("turn_id").asText();
    JsonNode waiting = http.get(turn).json();
    for (int i = 0; i < 100 && !waiting.get("status").asText().equals("requires_action"); i++) {
      Thread.sleep(100);
      waiting = http.get(turn).json();
    }
    assertThat(waiting.get("status").asText()).as(waiting.toString()).isEqualTo("requires_action");
    assertThat(waiting.get("pending_tool_calls").toString())
        .doesNotContain(canary)
        .contains("[redacted]");
    String requested =
        String.join(
            "\n",
            jdbc.queryForList(
                "select convert_from(payload, 'UTF8') from domainevententry"
                    + " where aggregateidentifier = ? and payloadtype not like '%MessageSubmitted%'",
                String.class, "session:" + session));
    assertThat(requested).contains("lookup").doesNotContain(canary);
  }
}
