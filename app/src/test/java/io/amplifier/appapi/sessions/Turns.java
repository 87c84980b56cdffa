package io.amplifier.appapi.sessions;

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
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;

/** Configs, sessions, turns, streams and the event store, as the turn tests use them. */
public final class Turns {

  public static final ObjectMapper JSON = new ObjectMapper();

  private Turns() {}

  /** A config document whose only provider is {@code module} with {@code config}. */
  public static Map<String, Object> document(String module, Map<String, Object> config) {
    return document("outbound", module, config);
  }

  /** A config document of bundle {@code bundle} whose only provider is {@code module}. */
  public static Map<String, Object> document(
      String bundle, String module, Map<String, Object> config) {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("bundle", Map.of("name", bundle));
    data.put("providers", List.of(Map.of("module", module, "config", config)));
    return data;
  }

  /** A {@code tool-mcp} entry of a config's {@code tools}. */
  public static Map<String, Object> mcpTool(Map<String, Object> config) {
    return Map.of("module", "tool-mcp", "config", config);
  }

  /**
   * A config document of the echo provider and the MCP server at {@code mcpUrl} (its tools {@code
   * allow}), asking as {@code approvals}, with {@code approval_timeout} unless it is null.
   */
  public static Map<String, Object> approvalDocument(
      String mcpUrl, List<String> allow, Map<String, Object> approvals, @Nullable Object timeout) {
    Map<String, Object> data = document("provider-echo", Map.of());
    data.put("tools", List.of(mcpTool(Map.of("url", mcpUrl, "allow", allow))));
    data.put("approvals", approvals);
    if (timeout != null) {
      data.put("approval_timeout", timeout);
    }
    return data;
  }

  /** Approvals that ask a person before {@code add} and otherwise do as {@code otherwise}. */
  public static Map<String, Object> askBeforeAdd(String otherwise) {
    return Map.of("default", otherwise, "rules", List.of(Map.of("tool", "add", "decision", "ask")));
  }

  public static Http.Response createConfig(Http http, String module, Map<String, Object> config) {
    return http.post(
        "/configs", Map.of("name", "outbound", "config_data", document(module, config)));
  }

  /** A session on a new config; the config must be accepted. */
  public static String session(Http http, String module, Map<String, Object> config) {
    return sessionOn(createConfig(http, module, config), http);
  }

  /** The id of a new config named {@code name} of {@code data}. */
  public static String configId(Http http, String name, Map<String, Object> data) {
    return http.post("/configs", Map.of("name", name, "config_data", data))
        .json()
        .get("config_id")
        .asText();
  }

  /** A session on a new config named {@code name} of {@code data}; the config must be accepted. */
  public static String sessionOn(Http http, String name, Map<String, Object> data) {
    return sessionOn(http.post("/configs", Map.of("name", name, "config_data", data)), http);
  }

  private static String sessionOn(Http.Response created, Http http) {
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    String configId = created.json().get("config_id").asText();
    return http.post("/sessions", Map.of("config_id", configId)).json().get("session_id").asText();
  }

  /** A session on a new config of the built-in echo provider, {@code delayMillis} per word. */
  public static String echoSession(Http http, long delayMillis) {
    return session(http, "provider-echo", Map.of("delay_ms", delayMillis));
  }

  /** A message of {@code n} words, {@code w1 w2 …}. */
  public static String words(int n) {
    return IntStream.rangeClosed(1, n).mapToObj(i -> "w" + i).collect(Collectors.joining(" "));
  }

  /** Starts a turn of {@code message} as a job; it must be accepted. Its id. */
  public static String startTurn(Http http, String sessionId, String message) {
    Http.Response started =
        http.post("/sessions/" + sessionId + "/turns", Map.of("message", message));
    assertThat(started.status()).as(started.toString()).isEqualTo(202);
    return started.json().get("turn_id").asText();
  }

  /** The SSE events of one streamed turn. */
  public static List<JsonNode> stream(int port, String userId, String sessionId, String message)
      throws Exception {
    HttpResponse<InputStream> response = openStream(port, userId, sessionId, message);
    assertThat(response.statusCode()).isEqualTo(200);
    return dataLines(response.body());
  }

  /** Opens {@code POST /sessions/{id}/stream} of {@code message} as {@code userId}. */
  public static HttpResponse<InputStream> openStream(
      int port, String userId, String sessionId, String message) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            turnRequest(port, userId, sessionId, "stream", message),
            HttpResponse.BodyHandlers.ofInputStream());
  }

  /** {@code POST /sessions/{id}/{route}} of {@code message} as {@code userId}. */
  public static HttpRequest turnRequest(
      int port, String userId, String sessionId, String route, String message) throws Exception {
    return HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + port + "/sessions/" + sessionId + "/" + route))
        .header("Content-Type", "application/json")
        .header("X-User-ID", userId)
        .timeout(Duration.ofSeconds(60))
        .POST(
            HttpRequest.BodyPublishers.ofString(
                JSON.writeValueAsString(Map.of("message", message))))
        .build();
  }

  /** The {@code data:} lines of a Server-Sent Events body, read to its end. */
  public static List<JsonNode> dataLines(InputStream body) throws Exception {
    List<JsonNode> events = new ArrayList<>();
    try (BufferedReader reader =
        new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
      String line;
      while ((line = reader.readLine()) != null) {
        if (line.startsWith("data: ")) {
          events.add(JSON.readTree(line.substring(6)));
        }
      }
    }
    return events;
  }

  /** The {@code type} of each event. */
  public static List<String> types(List<JsonNode> events) {
    return events.stream().map(e -> e.get("type").asText()).toList();
  }

  /** Every event payload in the store, as text. */
  public static String allEvents(JdbcTemplate jdbc) {
    return String.join(
        "\n",
        jdbc.queryForList(
            "select convert_from(payload, 'UTF8') from domainevententry", String.class));
  }

  /** The payloads of one session's events, as text. */
  public static String sessionEvents(JdbcTemplate jdbc, String sessionId) {
    return String.join(
        "\n",
        jdbc.queryForList(
            "select payloadtype || ' ' || convert_from(payload, 'UTF8') from domainevententry"
                + " where aggregateidentifier = ? order by sequencenumber",
            String.class,
            "session:" + sessionId));
  }
}
