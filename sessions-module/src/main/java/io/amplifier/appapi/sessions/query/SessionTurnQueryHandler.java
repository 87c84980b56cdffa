package io.amplifier.appapi.sessions.query;

import io.amplifier.appapi.sessions.api.FindSessionTurnQuery;
import io.amplifier.appapi.sessions.api.SessionApprovalDecidedEvent;
import io.amplifier.appapi.sessions.api.SessionApprovalRequestedEvent;
import io.amplifier.appapi.sessions.api.SessionMessageSubmittedEvent;
import io.amplifier.appapi.sessions.api.SessionReplyRecordedEvent;
import io.amplifier.appapi.sessions.api.SessionToolCalledEvent;
import io.amplifier.appapi.sessions.api.SessionToolResultRequestedEvent;
import io.amplifier.appapi.sessions.api.SessionToolResultSubmittedEvent;
import io.amplifier.appapi.sessions.api.SessionTurnCancelRequestedEvent;
import io.amplifier.appapi.sessions.api.SessionTurnFailedEvent;
import io.amplifier.appapi.sessions.api.SessionTurnView;
import io.amplifier.appapi.sessions.api.TurnStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.queryhandling.QueryHandler;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * A turn's status, folded from its session's own events from the one that opened it (never a read
 * model), so it is current on every node the moment a command returns, and survives restarts.
 */
@Component
class SessionTurnQueryHandler {

  /** The stable name the opening event is stored under (older events: its class name). */
  static final String OPENING_TYPE = "sessions.SessionMessageSubmitted";

  private final EventStore eventStore;
  private final JdbcTemplate jdbc;

  SessionTurnQueryHandler(EventStore eventStore, JdbcTemplate jdbc) {
    this.eventStore = eventStore;
    this.jdbc = jdbc;
  }

  /** Empty when the session has no such turn; who may see the session is the caller's check. */
  @QueryHandler
  Optional<SessionTurnView> turn(FindSessionTurnQuery query) {
    String aggregate = query.sessionId().toString();
    List<Long> opened =
        jdbc.queryForList(
            "SELECT sequencenumber FROM domainevententry WHERE aggregateidentifier = ?"
                + " AND payloadtype IN (?, ?) AND convert_from(payload, 'UTF8')::jsonb ->> 'turnId' = ?"
                + " ORDER BY sequencenumber DESC LIMIT 1",
            Long.class,
            aggregate,
            OPENING_TYPE,
            SessionMessageSubmittedEvent.class.getName(),
            query.turnId());
    if (opened.isEmpty()) {
      return Optional.empty();
    }
    Fold fold = new Fold();
    eventStore
        .readEvents(aggregate, opened.get(0))
        .asStream()
        .takeWhile(e -> fold.view == null || !fold.view.status().ended())
        .forEach(e -> fold.apply(e, query.turnId()));
    return Optional.ofNullable(fold.view);
  }

  /** {@code v} while it runs or waits: its status, cancel flag, tool calls and pending calls. */
  private static SessionTurnView running(
      SessionTurnView v,
      TurnStatus status,
      boolean cancelRequested,
      List<Map<String, Object>> toolCalls,
      long seq,
      List<Map<String, Object>> pending) {
    return new SessionTurnView(
        v.sessionId(),
        v.turnId(),
        v.turn(),
        status,
        v.requestedBy(),
        v.message(),
        v.result(),
        v.usage(),
        v.error(),
        cancelRequested,
        toolCalls,
        v.startedAt(),
        null,
        seq,
        pending);
  }

  private static SessionTurnView withStatus(
      SessionTurnView v, TurnStatus status, long seq, List<Map<String, Object>> pending) {
    return running(v, status, v.cancelRequested(), v.toolCalls(), seq, pending);
  }

  /** {@code v} once it ended at {@code at}: nothing is pending any more. */
  private static SessionTurnView ended(
      SessionTurnView v,
      TurnStatus status,
      @Nullable String result,
      Map<String, Object> usage,
      @Nullable String error,
      Instant at,
      long seq) {
    return new SessionTurnView(
        v.sessionId(),
        v.turnId(),
        v.turn(),
        status,
        v.requestedBy(),
        v.message(),
        result,
        usage,
        error,
        v.cancelRequested(),
        v.toolCalls(),
        v.startedAt(),
        at,
        seq,
        List.of());
  }

  private static final class Fold {
    @Nullable SessionTurnView view;

    void apply(DomainEventMessage<?> event, String turnId) {
      Object payload = event.getPayload();
      Instant at = event.getTimestamp();
      long seq = event.getSequenceNumber();
      if (view == null) {
        if (payload instanceof SessionMessageSubmittedEvent m && m.turnId().equals(turnId)) {
          view =
              new SessionTurnView(
                  m.sessionId(),
                  turnId,
                  m.turn(),
                  TurnStatus.RUNNING,
                  m.authorId(),
                  m.content(),
                  null,
                  Map.of(),
                  null,
                  false,
                  List.of(),
                  at,
                  null,
                  seq,
                  List.of());
        }
        return;
      }
      SessionTurnView v = view;
      if (payload instanceof SessionToolCalledEvent t && t.turnId().equals(turnId)) {
        List<Map<String, Object>> calls = new ArrayList<>(v.toolCalls());
        Map<String, Object> call = new LinkedHashMap<>();
        call.put("call_id", t.call().callId());
        call.put("name", t.call().name());
        call.put("arguments", t.call().arguments());
        call.put("output", t.call().output());
        call.put("error", t.call().error());
        calls.add(call);
        view =
            running(
                v, v.status(), v.cancelRequested(), List.copyOf(calls), seq, v.pendingToolCalls());
      } else if (payload instanceof SessionToolResultRequestedEvent r
          && r.turnId().equals(turnId)) {
        List<Map<String, Object>> pending = new ArrayList<>(v.pendingToolCalls());
        Map<String, Object> call = new LinkedHashMap<>();
        call.put("call_id", r.callId());
        call.put("name", r.tool());
        call.put("arguments", r.arguments());
        pending.add(call);
        view = withStatus(v, TurnStatus.REQUIRES_ACTION, seq, List.copyOf(pending));
      } else if (payload instanceof SessionToolResultSubmittedEvent r
          && r.turnId().equals(turnId)) {
        List<Map<String, Object>> pending =
            v.pendingToolCalls().stream()
                .filter(c -> !r.callId().equals(c.get("call_id")))
                .toList();
        view =
            withStatus(
                v,
                pending.isEmpty() ? TurnStatus.RUNNING : TurnStatus.REQUIRES_ACTION,
                seq,
                pending);
      } else if (payload instanceof SessionApprovalRequestedEvent a && a.turnId().equals(turnId)) {
        view = withStatus(v, TurnStatus.REQUIRES_ACTION, seq, v.pendingToolCalls());
      } else if (payload instanceof SessionApprovalDecidedEvent a && a.turnId().equals(turnId)) {
        view = withStatus(v, TurnStatus.RUNNING, seq, v.pendingToolCalls());
      } else if (payload instanceof SessionTurnCancelRequestedEvent c
          && c.turnId().equals(turnId)) {
        view = running(v, v.status(), true, v.toolCalls(), seq, v.pendingToolCalls());
      } else if (payload instanceof SessionReplyRecordedEvent r && r.turnId().equals(turnId)) {
        view =
            ended(
                v,
                r.cancelled() ? TurnStatus.CANCELLED : TurnStatus.COMPLETED,
                r.content(),
                r.usage(),
                null,
                at,
                seq);
      } else if (payload instanceof SessionTurnFailedEvent f && f.turnId().equals(turnId)) {
        view = ended(v, TurnStatus.FAILED, null, Map.of(), f.reason(), at, seq);
      }
    }
  }
}
