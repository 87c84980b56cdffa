package io.amplifier.appapi.sessions.query;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.amplifier.appapi.sessions.api.SessionMessageSubmittedEvent;
import io.amplifier.appapi.sessions.api.SessionTurnDequeuedEvent;
import io.amplifier.appapi.sessions.api.SessionTurnEnqueuedEvent;
import io.amplifier.appapi.sessions.api.SessionTurnRolledBackEvent;
import io.amplifier.appapi.users.api.Caller;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.messaging.MetaData;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The queue of turns waiting behind a running one ({@code session_turn_queue}, ADR 25), written in
 * the unit of work of the event that changes it (the session view is inline, ADR 23): a queued turn
 * is found by any node at once, and leaves the table when it starts or is dropped. A rolled-back
 * turn's rows leave the transcript.
 */
@Component
@ProcessingGroup("session-view")
class TurnQueueProjection {

  private static final List<String> ACTOR_KEYS =
      List.of(Caller.USER_ID, Caller.APP_ID, Caller.ACTOR, Caller.REQUEST_ID);

  private final JdbcTemplate jdbc;
  private final ObjectMapper json;

  TurnQueueProjection(JdbcTemplate jdbc, ObjectMapper json) {
    this.jdbc = jdbc;
    this.json = json;
  }

  @EventHandler
  void on(
      SessionTurnEnqueuedEvent e,
      MetaData metadata,
      @org.axonframework.eventhandling.Timestamp Instant at)
      throws JsonProcessingException {
    Map<String, Object> actor = new LinkedHashMap<>();
    for (String key : ACTOR_KEYS) {
      Object value = metadata.get(key);
      if (value != null) {
        actor.put(key, value.toString());
      }
    }
    jdbc.update(
        "INSERT INTO session_turn_queue (turn_id, session_id, position, author_id, actor, content,"
            + " context, strategy, streamed, tools, enqueued_at)"
            + " VALUES (?, ?, ?, ?, ?::jsonb, ?, ?::jsonb, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
        e.turnId(),
        e.sessionId().value(),
        e.position(),
        e.authorId(),
        json.writeValueAsString(actor),
        e.content(),
        e.context() == null ? null : json.writeValueAsString(e.context()),
        e.strategy(),
        e.streamed(),
        e.tools(),
        Timestamp.from(at));
  }

  @EventHandler
  void on(SessionMessageSubmittedEvent e) {
    jdbc.update("DELETE FROM session_turn_queue WHERE turn_id = ?", e.turnId());
  }

  @EventHandler
  void on(SessionTurnDequeuedEvent e) {
    jdbc.update("DELETE FROM session_turn_queue WHERE turn_id = ?", e.turnId());
  }

  @EventHandler
  void on(SessionTurnRolledBackEvent e) {
    int dropped =
        jdbc.update(
            "DELETE FROM session_messages WHERE session_id = ? AND turn_id = ?",
            e.sessionId().value(),
            e.turnId());
    jdbc.update(
        "UPDATE session_view SET message_count = greatest(0, message_count - ?)"
            + " WHERE session_id = ?",
        dropped,
        e.sessionId().value());
  }
}
