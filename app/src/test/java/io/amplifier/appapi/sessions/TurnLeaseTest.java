package io.amplifier.appapi.sessions;

import static org.assertj.core.api.Assertions.assertThat;

import io.amplifier.appapi.ApiTest;
import io.amplifier.appapi.Http;
import io.amplifier.appapi.OneUserTest;
import io.amplifier.appapi.sessions.api.FindSessionQuery;
import io.amplifier.appapi.sessions.api.SessionId;
import io.amplifier.appapi.sessions.api.SessionView;
import io.amplifier.appapi.sessions.api.SubmitSessionMessageCommand;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A turn whose node died (simulated: a turn opened by a node that then never renews its lease, or
 * took none) does not block its session for good: any node fails it once its lease lapses ({@code
 * TURN_LEASE_SECONDS}, 6 s in tests), the next message frees it at once, and so does a cancel.
 */
@ApiTest
class TurnLeaseTest extends OneUserTest {

  @Autowired CommandGateway commands;
  @Autowired QueryGateway queries;
  @Autowired JdbcTemplate jdbc;

  String session() {
    Map<String, Object> data =
        Map.of(
            "bundle", Map.of("name", "b"), "providers", List.of(Map.of("module", "provider-echo")));
    return Turns.sessionOn(http, "lease", data);
  }

  /** What a node does before it dies: opens a turn (the lease, if any, written as given). */
  String orphanTurn(String session, String leaseRenewedAt) {
    SessionId id = new SessionId(UUID.fromString(session));
    String turnId = UUID.randomUUID().toString();
    if (leaseRenewedAt != null) {
      jdbc.update(
          "INSERT INTO session_turn_leases (turn_id, session_id, node_id, renewed_at) VALUES (?, ?, 'dead-node', "
              + leaseRenewedAt
              + ")",
          turnId,
          id.value());
    }
    long version =
        commands.sendAndWait(
            new SubmitSessionMessageCommand(id, user, turnId, "never answered", null));
    queries
        .query(
            new FindSessionQuery(id, user, version),
            ResponseTypes.optionalInstanceOf(SessionView.class))
        .join();
    return turnId;
  }

  @Test
  void shouldFailATurnWhoseNodeStoppedRenewingItsLease() throws Exception {
    String session = session();
    String turn = orphanTurn(session, "now()");
    assertThat(
            http.post("/sessions/" + session + "/messages", Map.of("message", "too early"))
                .status())
        .as("the lease is still live")
        .isEqualTo(409);

    String failedBy = null;
    for (int i = 0; i < 100 && failedBy == null; i++) {
      Thread.sleep(200);
      List<String> actors =
          jdbc.queryForList(
              "SELECT convert_from(metadata, 'UTF8') FROM domainevententry WHERE aggregateidentifier = ?"
                  + " AND payloadtype LIKE '%SessionTurnFailed%' AND convert_from(payload, 'UTF8') LIKE ?",
              String.class, "session:" + session, "%" + turn + "%");
      failedBy = actors.isEmpty() ? null : actors.get(0);
    }

    assertThat(failedBy).as("some node failed the orphaned turn").isNotNull().contains("#system");
    assertThat(
            jdbc.queryForObject(
                "SELECT count(*) FROM session_turn_leases WHERE turn_id = ?", Long.class, turn))
        .isZero();
    Http.Response next =
        http.post("/sessions/" + session + "/messages", Map.of("message", "hello again"));
    assertThat(next.status()).as(next.toString()).isEqualTo(200);
    assertThat(next.json().get("response").asText()).isEqualTo("Echo: hello again");
  }

  @Test
  void shouldFreeAnExpiredTurnOnTheNextMessage() {
    String session = session();
    orphanTurn(session, "now() - interval '1 hour'");

    Http.Response next =
        http.post("/sessions/" + session + "/messages", Map.of("message", "at once"));

    assertThat(next.status()).as(next.toString()).isEqualTo(200);
    assertThat(next.json().get("response").asText()).isEqualTo("Echo: at once");
  }

  @Test
  void shouldFreeATurnNoNodeRunsWhenItIsCancelled() {
    String session = session();
    orphanTurn(session, null);

    assertThat(http.post("/sessions/" + session + "/cancel", null).status()).isEqualTo(200);

    Http.Response next = http.post("/sessions/" + session + "/messages", Map.of("message", "free"));
    assertThat(next.status()).as(next.toString()).isEqualTo(200);
    List<String> cancelled =
        jdbc.queryForList(
            "SELECT content FROM session_messages WHERE session_id = ? AND role = 'assistant' AND cancelled",
            String.class,
            UUID.fromString(session));
    assertThat(cancelled).hasSize(1);
  }
}
