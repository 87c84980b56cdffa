package io.amplifier.appapi.sessions;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.amplifier.appapi.ApiTest;
import io.amplifier.appapi.Http;
import io.amplifier.appapi.OneUserTest;
import io.amplifier.appapi.sessions.api.SessionId;
import io.amplifier.appapi.sessions.api.SubmitSessionMessageCommand;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A fork's turns are its own: its copied turns get new ids, and even a turn of the fork that
 * carried the original's turn id (as forks once copied them, set up here below HTTP) is cancelled
 * and cleaned up without touching the original's running turn, its lease or its stream.
 */
@ApiTest
class ForkedTurnSignalsTest extends OneUserTest {

  @Autowired CommandGateway commands;
  @Autowired JdbcTemplate jdbc;

  String session(long delayMillis) {
    return Turns.echoSession(http, delayMillis);
  }

  @Test
  void shouldGiveAForksCopiedTurnsNewIdsOnePerOriginalTurn() {
    String original = session(0);
    assertThat(http.post("/sessions/" + original + "/messages", Map.of("message", "one")).status())
        .isEqualTo(200);
    assertThat(http.post("/sessions/" + original + "/messages", Map.of("message", "two")).status())
        .isEqualTo(200);

    Http.Response fork = http.post("/sessions/" + original + "/fork", Map.of());

    assertThat(fork.status()).as(fork.toString()).isEqualTo(201);
    String forked = fork.json().get("session_id").asText();
    JsonNode before = http.get("/sessions/" + original + "/messages").json().get("messages");
    JsonNode after = http.get("/sessions/" + forked + "/messages").json().get("messages");
    assertThat(after).hasSize(4).hasSameSizeAs(before);
    Set<String> originalIds = new HashSet<>();
    before.forEach(m -> originalIds.add(m.get("turn_id").asText()));
    Map<String, String> mapping = new HashMap<>();
    for (int i = 0; i < before.size(); i++) {
      assertThat(after.get(i).get("content").asText())
          .isEqualTo(before.get(i).get("content").asText());
      assertThat(after.get(i).get("role").asText()).isEqualTo(before.get(i).get("role").asText());
      String copiedId = after.get(i).get("turn_id").asText();
      assertThat(originalIds).as("a copied turn's id is new").doesNotContain(copiedId);
      String mapped = mapping.putIfAbsent(before.get(i).get("turn_id").asText(), copiedId);
      assertThat(mapped == null || mapped.equals(copiedId))
          .as("one new id per original turn")
          .isTrue();
    }
    assertThat(new HashSet<>(mapping.values())).hasSize(2);
  }

  @Test
  void shouldCancelAForksTurnWithoutTouchingTheOriginalsTurnOfTheSameId() throws Exception {
    String original = session(100);
    String turnId = Turns.startTurn(http, original, Turns.words(40));
    String forked = forkWithTurn(original, turnId);

    Http.Response cancel = http.delete("/sessions/" + forked + "/turns/" + turnId);

    assertThat(cancel.status()).as(cancel.toString()).isEqualTo(202);
    JsonNode forkTurn = awaitStatus("/sessions/" + forked + "/turns/" + turnId, "cancelled");
    assertThat(forkTurn.get("cancel_requested").asBoolean()).isTrue();
    assertThat(leases(original, turnId)).as("the original's lease is kept").isEqualTo(1);
    JsonNode originalTurn = awaitStatus("/sessions/" + original + "/turns/" + turnId, "completed");
    assertThat(originalTurn.get("result").asText()).isEqualTo("Echo: " + Turns.words(40));
    assertThat(originalTurn.get("cancel_requested").asBoolean()).isFalse();
    List<TurnEvents.Event> events =
        TurnEvents.read(
            port, user, "/sessions/" + original + "/turns/" + turnId + "/events", null, 10_000);
    assertThat(events.get(events.size() - 2).data().get("cancelled").asBoolean()).isFalse();
  }

  @Test
  void shouldSweepAForksLapsedLeaseWithoutTouchingTheOriginalsTurnOfTheSameId() throws Exception {
    String original = session(100);
    String turnId = Turns.startTurn(http, original, Turns.words(60));
    String forked = forkWithTurn(original, turnId);
    jdbc.update(
        "INSERT INTO session_turn_leases (turn_id, session_id, node_id, renewed_at)"
            + " VALUES (?, ?, 'dead-node', now() - interval '1 hour')",
        turnId,
        UUID.fromString(forked));

    JsonNode forkTurn = awaitStatus("/sessions/" + forked + "/turns/" + turnId, "failed");

    assertThat(forkTurn.toString()).contains("lease");
    assertThat(leases(forked, turnId)).isZero();
    assertThat(leases(original, turnId)).as("the original's lease is kept").isEqualTo(1);
    JsonNode originalTurn = awaitStatus("/sessions/" + original + "/turns/" + turnId, "completed");
    assertThat(originalTurn.get("result").asText()).isEqualTo("Echo: " + Turns.words(60));
  }

  /**
   * A fork of {@code original} whose running turn carries {@code turnId}, the id of the original's
   * running turn: what a fork that copied turn ids could come to.
   */
  private String forkWithTurn(String original, String turnId) throws InterruptedException {
    Http.Response fork = http.post("/sessions/" + original + "/fork", Map.of());
    assertThat(fork.status()).as(fork.toString()).isEqualTo(201);
    String forked = fork.json().get("session_id").asText();
    commands.sendAndWait(
        new SubmitSessionMessageCommand(
            new SessionId(UUID.fromString(forked)), user, turnId, "copied", null));
    // The view (asynchronous) names the running turn that a cancel looks at.
    for (int i = 0; i < 100; i++) {
      if (http.get("/sessions/" + forked).json().path("turn_running").asBoolean()) {
        return forked;
      }
      Thread.sleep(50);
    }
    throw new AssertionError("the fork's turn never showed as running");
  }

  private long leases(String session, String turnId) {
    return jdbc.queryForObject(
        "SELECT count(*) FROM session_turn_leases WHERE session_id = ? AND turn_id = ?",
        Long.class,
        UUID.fromString(session),
        turnId);
  }

  private JsonNode awaitStatus(String turnPath, String status) throws InterruptedException {
    JsonNode turn = null;
    for (int i = 0; i < 200; i++) {
      turn = http.get(turnPath).json();
      if (status.equals(turn.path("status").asText())) {
        return turn;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("turn never became " + status + ": " + turn);
  }
}
