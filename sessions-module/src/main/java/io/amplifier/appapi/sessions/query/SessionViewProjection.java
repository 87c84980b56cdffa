package io.amplifier.appapi.sessions.query;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.amplifier.appapi.platform.api.ProjectionCommits;
import io.amplifier.appapi.sessions.api.SessionClosedEvent;
import io.amplifier.appapi.sessions.api.SessionDeletedEvent;
import io.amplifier.appapi.sessions.api.SessionMessageSubmittedEvent;
import io.amplifier.appapi.sessions.api.SessionParticipantRemovedEvent;
import io.amplifier.appapi.sessions.api.SessionParticipantSetEvent;
import io.amplifier.appapi.sessions.api.SessionReplyRecordedEvent;
import io.amplifier.appapi.sessions.api.SessionStartedEvent;
import io.amplifier.appapi.sessions.api.SessionStatusChangedEvent;
import io.amplifier.appapi.sessions.api.SessionToolCalledEvent;
import io.amplifier.appapi.sessions.api.SessionTurnCancelRequestedEvent;
import io.amplifier.appapi.sessions.api.SessionTurnFailedEvent;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Projects session events into {@code session_view} and the transcript table {@code
 * session_messages}; idempotent by the sequence number each session row keeps (a transcript row is
 * keyed by its place, so a replayed message is written once).
 */
@Component
@ProcessingGroup("session-view")
class SessionViewProjection {

  private final JdbcTemplate jdbc;
  private final ObjectMapper json;
  private final ProjectionCommits updates;

  SessionViewProjection(JdbcTemplate jdbc, ObjectMapper json, ProjectionCommits updates) {
    this.jdbc = jdbc;
    this.json = json;
    this.updates = updates;
  }

  @EventHandler
  void on(
      SessionStartedEvent e,
      @SequenceNumber long seq,
      @org.axonframework.eventhandling.Timestamp Instant at)
      throws JsonProcessingException {
    jdbc.update(
        """
        INSERT INTO session_view (session_id, owner_id, config_id, status, tags, metadata,
                                  forked_from, created_at, updated_at, version)
        VALUES (?, ?, ?, 'active', ?::jsonb, ?::jsonb, ?, ?, ?, ?)
        ON CONFLICT (session_id) DO NOTHING
        """,
        e.sessionId().value(),
        e.ownerId(),
        e.configId(),
        json.writeValueAsString(e.tags()),
        json.writeValueAsString(e.metadata()),
        e.forkedFrom(),
        Timestamp.from(at),
        Timestamp.from(at),
        seq);
    updates.signalAfterCommit();
  }

  @EventHandler
  void on(
      SessionMessageSubmittedEvent e,
      @SequenceNumber long seq,
      @org.axonframework.eventhandling.Timestamp Instant at)
      throws JsonProcessingException {
    jdbc.update(
        "INSERT INTO session_messages (session_id, seq, role, content, turn_id, created_at, context)"
            + " VALUES (?, ?, 'user', ?, ?, ?, ?::jsonb) ON CONFLICT DO NOTHING",
        e.sessionId().value(),
        e.seq(),
        e.content(),
        e.turnId(),
        Timestamp.from(at),
        e.context() == null ? null : json.writeValueAsString(e.context()));
    touch(
        e.sessionId().value(),
        seq,
        at,
        "message_count = message_count + 1, turns = ?, running_turn = ?",
        e.turn(),
        e.turnId());
  }

  @EventHandler
  void on(
      SessionReplyRecordedEvent e,
      @SequenceNumber long seq,
      @org.axonframework.eventhandling.Timestamp Instant at) {
    jdbc.update(
        "INSERT INTO session_messages (session_id, seq, role, content, turn_id, cancelled, created_at)"
            + " VALUES (?, ?, 'assistant', ?, ?, ?, ?) ON CONFLICT DO NOTHING",
        e.sessionId().value(),
        e.seq(),
        e.content(),
        e.turnId(),
        e.cancelled(),
        Timestamp.from(at));
    touch(e.sessionId().value(), seq, at, "running_turn = NULL");
  }

  @EventHandler
  void on(
      SessionToolCalledEvent e,
      @SequenceNumber long seq,
      @org.axonframework.eventhandling.Timestamp Instant at)
      throws JsonProcessingException {
    jdbc.update(
        "INSERT INTO session_messages (session_id, seq, role, content, turn_id, created_at, tool)"
            + " VALUES (?, ?, 'tool', ?, ?, ?, ?::jsonb) ON CONFLICT DO NOTHING",
        e.sessionId().value(),
        e.seq(),
        e.call().output(),
        e.turnId(),
        Timestamp.from(at),
        json.writeValueAsString(e.call()));
    touch(e.sessionId().value(), seq, at, "running_turn = running_turn");
  }

  @EventHandler
  void on(
      SessionTurnFailedEvent e,
      @SequenceNumber long seq,
      @org.axonframework.eventhandling.Timestamp Instant at) {
    touch(e.sessionId().value(), seq, at, "running_turn = NULL");
  }

  @EventHandler
  void on(
      SessionTurnCancelRequestedEvent e,
      @SequenceNumber long seq,
      @org.axonframework.eventhandling.Timestamp Instant at) {
    touch(e.sessionId().value(), seq, at, "running_turn = running_turn");
  }

  @EventHandler
  void on(
      SessionStatusChangedEvent e,
      @SequenceNumber long seq,
      @org.axonframework.eventhandling.Timestamp Instant at) {
    touch(e.sessionId().value(), seq, at, "status = ?", e.status().name().toLowerCase(Locale.ROOT));
  }

  @EventHandler
  void on(
      SessionClosedEvent e,
      @SequenceNumber long seq,
      @org.axonframework.eventhandling.Timestamp Instant at) {
    touch(e.sessionId().value(), seq, at, "status = 'cancelled', running_turn = NULL");
  }

  @EventHandler
  void on(
      SessionDeletedEvent e,
      @SequenceNumber long seq,
      @org.axonframework.eventhandling.Timestamp Instant at) {
    touch(e.sessionId().value(), seq, at, "deleted = true");
  }

  @EventHandler
  void on(
      SessionParticipantSetEvent e,
      @SequenceNumber long seq,
      @org.axonframework.eventhandling.Timestamp Instant at)
      throws JsonProcessingException {
    touch(
        e.sessionId().value(),
        seq,
        at,
        "participants = participants || ?::jsonb",
        json.writeValueAsString(Map.of(e.userId(), e.role().name().toLowerCase(Locale.ROOT))));
  }

  @EventHandler
  void on(
      SessionParticipantRemovedEvent e,
      @SequenceNumber long seq,
      @org.axonframework.eventhandling.Timestamp Instant at) {
    touch(e.sessionId().value(), seq, at, "participants = participants - ?", e.userId());
  }

  private void touch(java.util.UUID session, long seq, Instant at, String set, Object... args) {
    Object[] all = new Object[args.length + 4];
    System.arraycopy(args, 0, all, 0, args.length);
    all[args.length] = Timestamp.from(at);
    all[args.length + 1] = seq;
    all[args.length + 2] = session;
    all[args.length + 3] = seq;
    jdbc.update(
        "UPDATE session_view SET "
            + set
            + ", updated_at = ?, version = ?"
            + " WHERE session_id = ? AND version < ?",
        all);
    updates.signalAfterCommit();
  }

  @ResetHandler
  void reset() {
    jdbc.execute("TRUNCATE TABLE session_view, session_messages, session_context");
  }

  @EventHandler
  void on(
      io.amplifier.appapi.sessions.api.SessionContextMeasuredEvent e,
      @SequenceNumber long seq,
      @org.axonframework.eventhandling.Timestamp Instant at) {
    jdbc.update(
        """
        INSERT INTO session_context (session_id, tokens, window_size, seq) VALUES (?, ?, ?, ?)
        ON CONFLICT (session_id) DO UPDATE SET tokens = EXCLUDED.tokens,
          window_size = EXCLUDED.window_size, seq = EXCLUDED.seq
        WHERE session_context.seq < EXCLUDED.seq
        """,
        e.sessionId().value(),
        e.tokens(),
        e.window(),
        seq);
    touch(e.sessionId().value(), seq, at, "running_turn = running_turn");
  }

  @EventHandler
  void on(
      io.amplifier.appapi.sessions.api.SessionContextCompactedEvent e,
      @SequenceNumber long seq,
      @org.axonframework.eventhandling.Timestamp Instant at) {
    jdbc.update(
        """
        INSERT INTO session_context (session_id, tokens, window_size, compactions, summary,
                                     summary_through, seq)
        VALUES (?, 0, 0, 1, ?, ?, ?)
        ON CONFLICT (session_id) DO UPDATE SET compactions = session_context.compactions + 1,
          summary = EXCLUDED.summary, summary_through = EXCLUDED.summary_through,
          seq = EXCLUDED.seq
        WHERE session_context.seq < EXCLUDED.seq
        """,
        e.sessionId().value(),
        e.summary(),
        e.throughMessage(),
        seq);
    touch(e.sessionId().value(), seq, at, "running_turn = running_turn");
  }
}
