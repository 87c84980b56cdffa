package io.amplifier.appapi.sessions;

import static io.amplifier.appapi.configs.ConfigApiTest.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.amplifier.appapi.ApiTest;
import io.amplifier.appapi.Http;
import io.amplifier.appapi.OneUserTest;
import io.amplifier.appapi.sessions.api.SessionId;
import io.amplifier.appapi.sessions.api.SessionTurnCancelRequestedEvent;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import javax.sql.DataSource;
import org.axonframework.messaging.MetaData;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.test.context.TestPropertySource;

/**
 * Sessions over real HTTP with the built-in echo provider: turns, memory, streams, cancel, sharing.
 */
@ApiTest
@TestPropertySource(properties = "amplifier.sessions.keepalive-millis=300")
class SessionApiTest extends OneUserTest {

  static final ObjectMapper JSON = new ObjectMapper();

  String config(Map<String, Object> providerConfig) {
    Map<String, Object> data = Turns.document("chat", "provider-echo", providerConfig);
    return Turns.configId(http, "chat", data);
  }

  String session(Map<String, Object> providerConfig) {
    Http.Response r =
        http.post(
            "/sessions", Map.of("config_id", config(providerConfig), "tags", Map.of("k", "v")));
    assertThat(r.status()).as(r.toString()).isEqualTo(201);
    return r.json().get("session_id").asText();
  }

  @Test
  void shouldCreateASessionFromAConfig() {
    String configId = config(Map.of());
    Http.Response r =
        http.post("/sessions", Map.of("config_id", configId, "metadata", Map.of("a", 1)));

    assertThat(r.status()).isEqualTo(201);
    assertThat(r.json().get("status").asText()).isEqualTo("active");
    assertThat(r.json().get("config_id").asText()).isEqualTo(configId);
    assertThat(r.json().get("message").asText()).isEqualTo("Session created successfully");
    String id = r.json().get("session_id").asText();
    JsonNode read = http.get("/sessions/" + id).json();
    assertThat(read.get("message_count").asInt()).isZero();
    assertThat(read.get("metadata").get("a").asInt()).isEqualTo(1);
  }

  @Test
  void shouldRefuseUnknownAndUnrunnableConfigs() {
    String missing = UUID.randomUUID().toString();
    Http.Response unknown = http.post("/sessions", Map.of("config_id", missing));
    assertProblem(unknown, 404, "/problems/not-found");
    assertThat(unknown.json().get("detail").asText()).isEqualTo("Config not found: " + missing);

    Map<String, Object> data =
        Map.of(
            "bundle",
            Map.of("name", "x"),
            "providers",
            List.of(Map.of("module", "provider-nowhere")));
    String bad = Turns.configId(http, "bad", data);
    Http.Response unrunnable = http.post("/sessions", Map.of("config_id", bad));
    assertProblem(unrunnable, 400, "/problems/bad-request");
    assertThat(unrunnable.json().get("detail").asText()).contains("provider-nowhere");
  }

  @Test
  void shouldRememberEarlierTurns() {
    String id = session(Map.of());

    Http.Response first =
        http.post("/sessions/" + id + "/messages", Map.of("message", "My favorite color is blue"));
    Http.Response second =
        http.post("/sessions/" + id + "/messages", Map.of("message", "What is my favorite color?"));

    assertThat(first.status()).isEqualTo(200);
    assertThat(first.json().get("response").asText()).isEqualTo("Echo: My favorite color is blue");
    assertThat(second.json().get("response").asText()).containsIgnoringCase("blue");
    assertThat(second.json().get("metadata").get("output_tokens").asInt()).isPositive();
    assertThat(http.get("/sessions/" + id).json().get("message_count").asInt()).isEqualTo(2);

    JsonNode transcript = http.get("/sessions/" + id + "/messages").json().get("messages");
    assertThat(transcript.findValuesAsText("role"))
        .containsExactly("user", "assistant", "user", "assistant");
    assertThat(transcript.get(0).get("seq").asInt()).isEqualTo(1);
    assertThat(transcript.get(3).get("content").asText()).containsIgnoringCase("blue");
    JsonNode page = http.get("/sessions/" + id + "/messages?after=2&limit=1").json();
    assertThat(page.get("messages").get(0).get("seq").asInt()).isEqualTo(3);
    assertThat(page.get("next_after").asInt()).isEqualTo(3);
    assertProblem(
        http.post("/sessions/" + id + "/messages", Map.of("message", "")),
        422,
        "/problems/validation-error");
  }

  List<JsonNode> streamEvents(String id, String message) throws Exception {
    HttpResponse<java.io.InputStream> response = openStream(id, message, http);
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type").orElse(""))
        .startsWith("text/event-stream");
    return Turns.dataLines(response.body());
  }

  HttpResponse<java.io.InputStream> openStream(String id, String message, Http as)
      throws Exception {
    return Turns.openStream(port, user, id, message);
  }

  @Test
  void shouldStreamEveryEventInOrder() throws Exception {
    String id = session(Map.of());

    List<JsonNode> events = streamEvents(id, "hello streaming world");

    List<String> types = events.stream().map(e -> e.get("type").asText()).toList();
    assertThat(types.get(0)).isEqualTo("connected");
    assertThat(events.get(0).get("session_id").asText()).isEqualTo(id);
    assertThat(types.get(1)).isEqualTo("content_block:start");
    assertThat(types.subList(2, types.size() - 3))
        .isNotEmpty()
        .allMatch("content_block:delta"::equals);
    assertThat(types.subList(types.size() - 3, types.size()))
        .containsExactly("content_block:end", "response", "done");
    String joined =
        events.stream()
            .filter(e -> e.get("type").asText().equals("content_block:delta"))
            .map(e -> e.get("text").asText())
            .reduce("", String::concat);
    assertThat(joined).isEqualTo("Echo: hello streaming world");
    assertThat(events.get(types.size() - 2).get("content").asText()).isEqualTo(joined);
  }

  @Test
  void shouldAnswer404BeforeStreamingForUnknownSessions() throws Exception {
    HttpResponse<java.io.InputStream> response =
        openStream(UUID.randomUUID().toString(), "x", http);
    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(response.headers().firstValue("Content-Type").orElse(""))
        .startsWith("application/problem+json");
  }

  @Test
  void shouldCancelARunningTurnFromASecondRequest() throws Exception {
    String id = session(Map.of("delay_ms", 150));
    CompletableFuture<List<JsonNode>> stream =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return streamEvents(
                    id, "one two three four five six seven eight nine ten eleven twelve");
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            });
    awaitRunningTurn(id);
    assertProblem(
        http.post("/sessions/" + id + "/messages", Map.of("message", "second")),
        409,
        "/problems/conflict");

    Http.Response cancel = http.post("/sessions/" + id + "/cancel", null);

    assertThat(cancel.status()).isEqualTo(200);
    List<JsonNode> events = stream.get();
    JsonNode response =
        events.stream()
            .filter(e -> e.get("type").asText().equals("response"))
            .findFirst()
            .orElseThrow();
    assertThat(response.get("cancelled").asBoolean()).isTrue();
    assertThat(response.get("content").asText())
        .isNotEqualTo("Echo: one two three four five six seven eight nine ten eleven twelve");
    assertThat(events.get(events.size() - 1).get("type").asText()).isEqualTo("done");
    JsonNode last = lastMessage(id);
    assertThat(last.get("role").asText()).isEqualTo("assistant");
    assertThat(last.get("cancelled").asBoolean()).isTrue();
    Http.Response idle = http.post("/sessions/" + id + "/cancel", null);
    assertProblem(idle, 404, "/problems/not-found");
    assertThat(idle.json().get("detail").asText()).isEqualTo("Session not found or not active");
  }

  @Test
  void shouldSendKeepalivesDuringALongTurn() throws Exception {
    String id = session(Map.of("delay_ms", 250));
    HttpResponse<java.io.InputStream> response = openStream(id, "slow words come one by one", http);
    List<String> lines = new ArrayList<>();
    try (BufferedReader reader =
        new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = reader.readLine()) != null) {
        lines.add(line);
      }
    }
    assertThat(lines).contains(": keepalive");
    assertThat(lines.stream().filter(l -> l.startsWith("data: ")).reduce((a, b) -> b).orElseThrow())
        .contains("\"done\"");
  }

  @Autowired DataSource dataSource;

  @Autowired
  @Qualifier("eventSerializer")
  Serializer serializer;

  @Test
  void shouldStopATurnWhenACancelIsRecordedByAnotherNode() throws Exception {
    String id = session(Map.of("delay_ms", 150));
    CompletableFuture<List<JsonNode>> stream =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return streamEvents(id, "a b c d e f g h i j k l m n o p q r s t");
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            });
    awaitRunningTurn(id);
    String turnId = null;
    long deadline = System.currentTimeMillis() + 5000;
    while (turnId == null && System.currentTimeMillis() < deadline) {
      JsonNode messages = http.get("/sessions/" + id + "/messages").json().get("messages");
      if (messages.size() > 0) {
        turnId = messages.get(messages.size() - 1).get("turn_id").asText();
      }
    }
    // Written straight into the event store, as another node would: no handler here sees it. The
    // running turn appends its own events meanwhile, so a lost race for the next place is retried.
    for (int attempt = 1; ; attempt++) {
      try {
        appendCancelRequested(id, turnId);
        break;
      } catch (java.sql.SQLException lost) {
        if (!"23505".equals(lost.getSQLState()) || attempt == 5) {
          throw lost;
        }
      }
    }

    List<JsonNode> events = stream.get();
    JsonNode response =
        events.stream()
            .filter(e -> e.get("type").asText().equals("response"))
            .findFirst()
            .orElseThrow();
    assertThat(response.get("cancelled").asBoolean()).isTrue();
  }

  private void appendCancelRequested(String id, String turnId) throws java.sql.SQLException {
    try (Connection c = dataSource.getConnection()) {
      long next;
      try (PreparedStatement q =
          c.prepareStatement(
              "SELECT max(sequencenumber) + 1 FROM domainevententry WHERE aggregateidentifier = ?")) {
        q.setString(1, "session:" + id);
        try (ResultSet rs = q.executeQuery()) {
          rs.next();
          next = rs.getLong(1);
        }
      }
      SerializedObject<byte[]> payload =
          serializer.serialize(
              new SessionTurnCancelRequestedEvent(new SessionId(UUID.fromString(id)), turnId, user),
              byte[].class);
      try (PreparedStatement insert =
          c.prepareStatement(
              "INSERT INTO domainevententry (eventidentifier, aggregateidentifier, sequencenumber, type, timestamp,"
                  + " payloadtype, payloadrevision, payload, metadata) VALUES (?, ?, ?, 'Session', ?, ?, ?, ?, ?)")) {
        insert.setString(1, UUID.randomUUID().toString());
        insert.setString(2, "session:" + id);
        insert.setLong(3, next);
        insert.setString(4, java.time.Instant.now().toString());
        insert.setString(5, payload.getType().getName());
        insert.setString(6, payload.getType().getRevision());
        insert.setBytes(7, payload.getData());
        insert.setBytes(8, serializer.serialize(MetaData.emptyInstance(), byte[].class).getData());
        insert.executeUpdate();
      }
    }
  }

  JsonNode lastMessage(String id) {
    JsonNode messages = http.get("/sessions/" + id + "/messages").json().get("messages");
    return messages.get(messages.size() - 1);
  }

  void awaitRunningTurn(String id) throws InterruptedException {
    long deadline = System.currentTimeMillis() + 10_000;
    while (System.currentTimeMillis() < deadline) {
      if (http.get("/sessions/" + id).json().path("turn_running").asBoolean()) {
        return;
      }
      Thread.sleep(20);
    }
    throw new AssertionError("no turn started");
  }

  @Test
  void shouldFollowTheStatusLifecycle() {
    String id = session(Map.of());

    Http.Response completed = http.post("/sessions/" + id + "/complete", null);
    assertThat(completed.json().get("status").asText()).isEqualTo("completed");
    assertProblem(
        http.post("/sessions/" + id + "/messages", Map.of("message", "hi")),
        409,
        "/problems/conflict");

    Http.Response resumed = http.post("/sessions/" + id + "/resume", null);
    assertThat(resumed.json().get("message").asText()).isEqualTo("Session resumed successfully");
    assertThat(resumed.json().get("status").asText()).isEqualTo("active");
    assertThat(http.post("/sessions/" + id + "/messages", Map.of("message", "hi")).status())
        .isEqualTo(200);

    Http.Response deleted = http.delete("/sessions/" + id);
    assertThat(deleted.json().get("message").asText()).isEqualTo("Session deleted successfully");
    assertProblem(http.get("/sessions/" + id), 404, "/problems/not-found");
  }

  @Test
  void shouldListOwnAndSharedSessionsWithFilters() {
    String a = session(Map.of());
    String b = session(Map.of());
    http.post("/sessions/" + b + "/complete", null);
    Http other = new Http(port).with("X-User-ID", "lister-" + UUID.randomUUID());
    String theirs =
        other
            .post(
                "/sessions",
                Map.of(
                    "config_id",
                    other
                        .post(
                            "/configs",
                            Map.of(
                                "name",
                                "c",
                                "config_data",
                                Map.of(
                                    "bundle",
                                    Map.of("name", "b"),
                                    "providers",
                                    List.of(Map.of("module", "provider-echo")))))
                        .json()
                        .get("config_id")
                        .asText()))
            .json()
            .get("session_id")
            .asText();
    other.post("/sessions/" + theirs + "/participants", Map.of("user_id", user, "role", "viewer"));

    JsonNode all = http.get("/sessions").json();
    assertThat(all.get("total").asInt()).isEqualTo(3);
    assertThat(all.get("sessions").findValuesAsText("session_id")).contains(a, b, theirs);
    assertThat(
            http.get("/sessions?status=completed")
                .json()
                .get("sessions")
                .findValuesAsText("session_id"))
        .containsExactly(b);
    assertThat(http.get("/sessions?tags=k:v").json().get("total").asInt()).isEqualTo(2);
    assertProblem(http.get("/sessions?status=sleeping"), 422, "/problems/validation-error");
    assertProblem(http.get("/sessions?limit=0"), 422, "/problems/validation-error");
  }

  @Test
  void shouldEnforceRolesForEveryRoute() {
    String id = session(Map.of());
    Http editor = new Http(port).with("X-User-ID", "editor-" + UUID.randomUUID());
    Http viewer = new Http(port).with("X-User-ID", "viewer-" + UUID.randomUUID());
    Http stranger = new Http(port).with("X-User-ID", "stranger-" + UUID.randomUUID());
    assertThat(
            http.post(
                    "/sessions/" + id + "/participants",
                    Map.of("user_id", header(editor), "role", "editor"))
                .status())
        .isEqualTo(201);
    assertThat(
            http.post(
                    "/sessions/" + id + "/participants",
                    Map.of("user_id", header(viewer), "role", "viewer"))
                .status())
        .isEqualTo(201);

    assertThat(
            editor.post("/sessions/" + id + "/messages", Map.of("message", "from editor")).status())
        .isEqualTo(200);
    assertProblem(
        viewer.post("/sessions/" + id + "/messages", Map.of("message", "x")),
        403,
        "/problems/forbidden");
    assertThat(viewer.get("/sessions/" + id).status()).isEqualTo(200);
    assertThat(viewer.get("/sessions/" + id + "/messages").json().get("messages").size())
        .isEqualTo(2);
    assertProblem(
        editor.post("/sessions/" + id + "/participants", Map.of("user_id", "z", "role", "viewer")),
        403,
        "/problems/forbidden");
    assertProblem(editor.delete("/sessions/" + id), 403, "/problems/forbidden");
    for (Http.Response r :
        List.of(
            stranger.get("/sessions/" + id),
            stranger.get("/sessions/" + id + "/messages"),
            stranger.post("/sessions/" + id + "/messages", Map.of("message", "x")),
            stranger.post("/sessions/" + id + "/cancel", null),
            stranger.post("/sessions/" + id + "/resume", null),
            stranger.delete("/sessions/" + id),
            stranger.get("/sessions/" + id + "/participants"),
            stranger.post("/sessions/" + id + "/fork", Map.of()))) {
      assertProblem(r, 404, "/problems/not-found");
    }

    JsonNode participants =
        http.get("/sessions/" + id + "/participants").json().get("participants");
    assertThat(participants.findValuesAsText("role")).containsExactlyInAnyOrder("editor", "viewer");
    assertThat(
            http.send(
                    "PATCH",
                    "/sessions/" + id + "/participants/" + header(viewer),
                    Map.of("role", "editor"))
                .status())
        .isEqualTo(200);
    assertThat(
            viewer.post("/sessions/" + id + "/messages", Map.of("message", "now I may")).status())
        .isEqualTo(200);
    assertThat(http.delete("/sessions/" + id + "/participants/" + header(viewer)).status())
        .isEqualTo(200);
    assertProblem(viewer.get("/sessions/" + id), 404, "/problems/not-found");
    assertProblem(
        http.post("/sessions/" + id + "/participants", Map.of("user_id", "x", "role", "boss")),
        422,
        "/problems/validation-error");
  }

  private static String header(Http client) {
    return client.get("/health").raw().request().headers().firstValue("X-User-ID").orElseThrow();
  }

  @Test
  void shouldCloseTheSessionsOfADeletedConfig() throws InterruptedException {
    String configId = config(Map.of());
    String id =
        http.post("/sessions", Map.of("config_id", configId)).json().get("session_id").asText();
    http.post("/sessions/" + id + "/messages", Map.of("message", "before"));

    http.delete("/configs/" + configId);

    long deadline = System.currentTimeMillis() + 10_000;
    while (!"cancelled".equals(http.get("/sessions/" + id).json().get("status").asText())
        && System.currentTimeMillis() < deadline) {
      Thread.sleep(20);
    }
    assertThat(http.get("/sessions/" + id).json().get("status").asText()).isEqualTo("cancelled");
    assertProblem(
        http.post("/sessions/" + id + "/messages", Map.of("message", "after")),
        409,
        "/problems/conflict");
    assertProblem(http.post("/sessions/" + id + "/resume", null), 409, "/problems/conflict");
    assertThat(http.get("/sessions/" + id + "/messages").json().get("messages").size())
        .isEqualTo(2);
  }

  @Test
  void shouldForkATranscriptUpToATurn() {
    String id = session(Map.of());
    http.post("/sessions/" + id + "/messages", Map.of("message", "My name is Ada"));
    http.post("/sessions/" + id + "/messages", Map.of("message", "second turn"));

    Http.Response fork = http.post("/sessions/" + id + "/fork", Map.of("after_turn", 1));

    assertThat(fork.status()).as(fork.toString()).isEqualTo(201);
    String forked = fork.json().get("session_id").asText();
    assertThat(forked).isNotEqualTo(id);
    assertThat(fork.json().get("forked_from").asText()).isEqualTo(id);
    JsonNode messages = http.get("/sessions/" + forked + "/messages").json().get("messages");
    assertThat(messages.size()).isEqualTo(2);
    assertThat(http.get("/sessions/" + forked).json().get("forked_from").asText()).isEqualTo(id);
    Http.Response recall =
        http.post("/sessions/" + forked + "/messages", Map.of("message", "What is my name?"));
    assertThat(recall.json().get("response").asText()).contains("Ada");
    assertThat(http.post("/sessions/" + id + "/fork", null).status()).isEqualTo(201);
  }
}
