package io.amplifier.appapi.sessions.outbound;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.amplifier.appapi.Http;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;

/** Configs, sessions, streams and the event store, as the outbound tests use them. */
final class Turns {

  static final ObjectMapper JSON = new ObjectMapper();

  private Turns() {}

  /** A config document whose only provider is {@code module} with {@code config}. */
  static Map<String, Object> document(String module, Map<String, Object> config) {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("bundle", Map.of("name", "outbound"));
    data.put("providers", List.of(Map.of("module", module, "config", config)));
    return data;
  }

  static Http.Response createConfig(Http http, String module, Map<String, Object> config) {
    return http.post(
        "/configs", Map.of("name", "outbound", "config_data", document(module, config)));
  }

  /** A session on a new config; the config must be accepted. */
  static String session(Http http, String module, Map<String, Object> config) {
    Http.Response created = createConfig(http, module, config);
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    String configId = created.json().get("config_id").asText();
    return http.post("/sessions", Map.of("config_id", configId)).json().get("session_id").asText();
  }

  /** The SSE events of one streamed turn. */
  static List<JsonNode> stream(int port, String userId, String sessionId, String message)
      throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/sessions/" + sessionId + "/stream"))
            .header("Content-Type", "application/json")
            .header("X-User-ID", userId)
            .timeout(Duration.ofSeconds(60))
            .POST(
                HttpRequest.BodyPublishers.ofString(
                    JSON.writeValueAsString(Map.of("message", message))))
            .build();
    HttpResponse<InputStream> response =
        HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofInputStream());
    assertThat(response.statusCode()).isEqualTo(200);
    List<JsonNode> events = new ArrayList<>();
    try (BufferedReader reader =
        new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = reader.readLine()) != null) {
        if (line.startsWith("data: ")) {
          events.add(JSON.readTree(line.substring(6)));
        }
      }
    }
    return events;
  }

  /** Every event payload in the store, as text. */
  static String allEvents(JdbcTemplate jdbc) {
    return String.join(
        "\n",
        jdbc.queryForList(
            "select convert_from(payload, 'UTF8') from domainevententry", String.class));
  }

  /** The payloads of one session's events, as text. */
  static String sessionEvents(JdbcTemplate jdbc, String sessionId) {
    return String.join(
        "\n",
        jdbc.queryForList(
            "select payloadtype || ' ' || convert_from(payload, 'UTF8') from domainevententry"
                + " where aggregateidentifier = ? order by sequencenumber",
            String.class,
            "session:" + sessionId));
  }

  static String openAiReply(String text) {
    return "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"created\":1700000000,\"model\":\"m\","
        + "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\""
        + text
        + "\"},\"finish_reason\":\"stop\"}],"
        + "\"usage\":{\"prompt_tokens\":1,\"completion_tokens\":1,\"total_tokens\":2}}";
  }

  static String openAiChunk(String text) {
    return "data: {\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,\"model\":\"m\","
        + "\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\""
        + text
        + "\"},\"finish_reason\":null}]}\n\n";
  }
}
