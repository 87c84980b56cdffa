package io.amplifier.appapi.platform.eventstore;

import static org.assertj.core.api.Assertions.assertThat;

import io.amplifier.appapi.ApiTest;
import io.amplifier.appapi.Http;
import io.amplifier.appapi.sessions.Turns;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Events are stored under stable names; events stored under Java class names (before) still load; a
 * snapshot of another revision than the aggregate's is ignored, one of its revision is used.
 */
@ApiTest
class StableEventNamesTest {

  @LocalServerPort int port;
  @Autowired JdbcTemplate jdbc;

  Http http() {
    return new Http(port).with("X-User-ID", "names-" + UUID.randomUUID());
  }

  @Test
  void shouldStoreEventsUnderStableNamesAndStillReadClassNames() {
    Http http = http();
    String id =
        http.post(
                "/configs",
                Map.of("name", "named", "config_data", Map.of("bundle", Map.of("name", "b"))))
            .json()
            .get("config_id")
            .asText();

    assertThat(
            jdbc.queryForList(
                "SELECT payloadtype FROM domainevententry WHERE aggregateidentifier = ?",
                String.class,
                id))
        .containsExactly("configs.ConfigCreated");

    jdbc.update(
        "UPDATE domainevententry SET payloadtype = 'io.amplifier.appapi.configs.api.ConfigCreatedEvent'"
            + " WHERE aggregateidentifier = ?",
        id);
    Http.Response history = http.get("/configs/" + id + "/history");
    assertThat(history.status()).as(history.toString()).isEqualTo(200);
    assertThat(history.body()).contains("ConfigCreated");
    assertThat(http.get("/configs/" + id + "?version=1").status()).isEqualTo(200);
  }

  @Test
  void shouldIgnoreASnapshotOfAnotherRevision() {
    Http http = http();
    String session = echoSession(http);
    assertThat(http.post("/sessions/" + session + "/messages", Map.of("message", "one")).status())
        .isEqualTo(200);

    writeSnapshotSayingCompleted(session, "0");
    Http.Response despiteStale =
        http.post("/sessions/" + session + "/messages", Map.of("message", "two"));
    assertThat(despiteStale.status())
        .as("a revision-0 snapshot is ignored: " + despiteStale)
        .isEqualTo(200);

    writeSnapshotSayingCompleted(
        session,
        "3"); // Session is at revision 3 (pending approvals and tool results, queued turns)
    assertThat(http.post("/sessions/" + session + "/messages", Map.of("message", "three")).status())
        .as("a snapshot of the aggregate's own revision is used (and here says completed)")
        .isEqualTo(409);
  }

  String echoSession(Http http) {
    Map<String, Object> data =
        Map.of(
            "bundle", Map.of("name", "b"), "providers", List.of(Map.of("module", "provider-echo")));
    return Turns.sessionOn(http, "snap", data);
  }

  /** A snapshot, at the session's last event, of a session that would refuse every message. */
  void writeSnapshotSayingCompleted(String session, String revision) {
    String aggregate = "session:" + session;
    long last =
        jdbc.queryForObject(
            "SELECT max(sequencenumber) FROM domainevententry WHERE aggregateidentifier = ?",
            Long.class,
            aggregate);
    String owner =
        jdbc.queryForObject(
            "SELECT owner_id FROM session_view WHERE session_id = ?",
            String.class,
            UUID.fromString(session));
    String state =
        "{\"sessionId\":\""
            + session
            + "\",\"ownerId\":\""
            + owner
            + "\",\"status\":\"COMPLETED\","
            + "\"participants\":{},\"runningTurn\":null,\"turns\":1,\"messages\":2,\"deleted\":false,"
            + "\"closedBecause\":null,\"sequence\":"
            + last
            + "}";
    jdbc.update("DELETE FROM snapshotevententry WHERE aggregateidentifier = ?", aggregate);
    jdbc.update(
        "INSERT INTO snapshotevententry (aggregateidentifier, sequencenumber, type, eventidentifier, metadata,"
            + " payload, payloadrevision, payloadtype, timestamp) VALUES (?, ?, 'Session', ?, ?, ?, ?, ?, ?)",
        aggregate,
        last,
        UUID.randomUUID().toString(),
        "{}".getBytes(StandardCharsets.UTF_8),
        state.getBytes(StandardCharsets.UTF_8),
        revision,
        "io.amplifier.appapi.sessions.command.Session",
        Instant.now().toString());
  }
}
