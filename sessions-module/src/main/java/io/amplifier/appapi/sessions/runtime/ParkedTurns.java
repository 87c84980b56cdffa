package io.amplifier.appapi.sessions.runtime;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.amplifier.appapi.sessions.api.SessionId;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Turns that wait for a person or a client, kept in PostgreSQL ({@code session_parked_turns})
 * instead of on a thread: what the agent loop needs to go on ({@link Stored}). A row is due once
 * its {@code wake_at} has come: at once when parked (an answer may have raced the parking), when an
 * answer or a cancel wakes it, and when its wait ends without one. A node claims a due row before
 * it looks at it (exclusive across nodes; a claim older than {@value #STALE_CLAIM_SECONDS} s is
 * taken over), and either resumes the turn (the row goes) or puts it back.
 */
@Component
class ParkedTurns {

  static final int STALE_CLAIM_SECONDS = 60;

  private final JdbcTemplate jdbc;
  private final ObjectMapper json;
  private final String nodeId = UUID.randomUUID().toString();

  ParkedTurns(JdbcTemplate jdbc, ObjectMapper json) {
    this.jdbc = jdbc;
    this.json = json;
  }

  /**
   * A parked turn: who opened it and how ({@code actor}, the user's {@code message}, null in a row
   * parked before it was kept, the client's {@code clientTools} and {@code context} message), what
   * it waits for ({@code kind}: {@link TurnWait#APPROVAL} or {@link TurnWait#CLIENT}, {@code
   * waitId}, the request's sequence number {@code asked}, and {@code until}, when the wait ends
   * unanswered), the time left of its deadline ({@code remainingNanos}, for an approval wait, which
   * does not count against it) or the deadline itself ({@code deadline}, for a client wait, which
   * does), and the loop's {@code state}.
   */
  record Stored(
      UUID sessionId,
      String ownerId,
      String configId,
      String turnId,
      long openedAt,
      @Nullable String message,
      @Nullable String context,
      Map<String, Object> actor,
      List<ToolSpec> clientTools,
      String kind,
      String waitId,
      long asked,
      Instant until,
      long remainingNanos,
      Instant deadline,
      AgentLoop.State state) {}

  /** A row this node claimed; {@code wakes} tells whether it was woken meanwhile. */
  record Claimed(Stored turn, int wakes) {}

  /**
   * Keeps {@code turn}, waiting at {@code wait}, with what is left of its deadline ({@code
   * deadlineNanos}, a {@link System#nanoTime()}); its thread and lease go free once this returns.
   */
  void park(TurnRunner.PreparedTurn turn, AgentLoop.Parked wait, long deadlineNanos) {
    TurnWait waiting = wait.waitFor();
    long remaining = deadlineNanos - System.nanoTime();
    park(
        new Stored(
            turn.session().sessionId().value(),
            turn.session().ownerId(),
            turn.session().configId(),
            turn.turnId(),
            turn.openedAt(),
            turn.message(),
            turn.context(),
            turn.actor(),
            turn.clientTools(),
            waiting.kind(),
            waiting.id(),
            waiting.asked(),
            waiting.until(),
            remaining,
            Instant.now().plusNanos(Math.max(0, remaining)),
            wait.state()));
  }

  void park(Stored turn) {
    jdbc.update(
        "INSERT INTO session_parked_turns (turn_id, session_id, state, wake_at) VALUES (?, ?, ?, now())",
        turn.turnId(),
        turn.sessionId(),
        write(turn));
  }

  /** How many turns are parked, on every node. */
  long count() {
    Long count = jdbc.queryForObject("SELECT count(*) FROM session_parked_turns", Long.class);
    return count == null ? 0 : count;
  }

  /** True while {@code turnId} is parked (then no lease is expected). */
  boolean holds(String turnId) {
    return Boolean.TRUE.equals(
        jdbc.queryForObject(
            "SELECT EXISTS (SELECT 1 FROM session_parked_turns WHERE turn_id = ?)",
            Boolean.class,
            turnId));
  }

  /** Makes the parked turns of {@code session} due now; answers their ids. */
  List<String> wake(SessionId session) {
    return jdbc.queryForList(
        "UPDATE session_parked_turns SET wakes = wakes + 1, wake_at = now() WHERE session_id = ?"
            + " RETURNING turn_id",
        String.class,
        session.value());
  }

  /** Up to {@code limit} due turns no node looks at. */
  List<String> due(int limit) {
    return jdbc.queryForList(
        "SELECT turn_id FROM session_parked_turns WHERE wake_at <= now() AND (claimed_at IS NULL"
            + " OR claimed_at < now() - make_interval(secs => ?)) ORDER BY wake_at LIMIT ?",
        String.class,
        STALE_CLAIM_SECONDS,
        limit);
  }

  /** Claims {@code turnId} if it is due and no other node looks at it. */
  Optional<Claimed> claim(String turnId) {
    return jdbc
        .query(
            "UPDATE session_parked_turns SET claimed_by = ?, claimed_at = now() WHERE turn_id = ?"
                + " AND wake_at <= now() AND (claimed_at IS NULL"
                + " OR claimed_at < now() - make_interval(secs => ?)) RETURNING state, wakes",
            (rs, i) -> new Claimed(read(rs.getString(1)), rs.getInt(2)),
            nodeId,
            turnId,
            STALE_CLAIM_SECONDS)
        .stream()
        .findFirst();
  }

  /**
   * Puts a claimed turn back, due at {@code wakeAt}, or at once when it was woken while claimed.
   */
  void unclaim(Claimed claimed, Instant wakeAt) {
    jdbc.update(
        "UPDATE session_parked_turns SET claimed_by = NULL, claimed_at = NULL,"
            + " wake_at = CASE WHEN wakes = ? THEN ? ELSE now() END WHERE turn_id = ? AND claimed_by = ?",
        claimed.wakes(),
        Timestamp.from(wakeAt),
        claimed.turn().turnId(),
        nodeId);
  }

  /** Removes a claimed turn that resumes (or ends) here. */
  void remove(String turnId) {
    jdbc.update("DELETE FROM session_parked_turns WHERE turn_id = ?", turnId);
  }

  private String write(Stored turn) {
    try {
      return json.writeValueAsString(turn);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("A parked turn is not JSON", e);
    }
  }

  private Stored read(String text) {
    try {
      return json.readValue(text, Stored.class);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("A parked turn could not be read", e);
    }
  }
}
