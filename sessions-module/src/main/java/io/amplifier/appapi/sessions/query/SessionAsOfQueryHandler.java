package io.amplifier.appapi.sessions.query;

import io.amplifier.appapi.sessions.api.FindSessionAsOfQuery;
import io.amplifier.appapi.sessions.api.SessionAsOf;
import io.amplifier.appapi.sessions.api.SessionClosedEvent;
import io.amplifier.appapi.sessions.api.SessionDeletedEvent;
import io.amplifier.appapi.sessions.api.SessionMessageSubmittedEvent;
import io.amplifier.appapi.sessions.api.SessionParticipantRemovedEvent;
import io.amplifier.appapi.sessions.api.SessionParticipantSetEvent;
import io.amplifier.appapi.sessions.api.SessionReplyRecordedEvent;
import io.amplifier.appapi.sessions.api.SessionStartedEvent;
import io.amplifier.appapi.sessions.api.SessionStatus;
import io.amplifier.appapi.sessions.api.SessionStatusChangedEvent;
import io.amplifier.appapi.sessions.api.SessionToolCalledEvent;
import io.amplifier.appapi.sessions.api.SessionTurnFailedEvent;
import io.amplifier.appapi.sessions.api.SessionView;
import io.amplifier.appapi.sessions.api.TranscriptEntry;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.queryhandling.QueryHandler;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * Point-in-time reads of a session: folds its own events (never the read model) up to a sequence
 * number or an instant, as {@code SessionViewProjection} would have applied them.
 */
@Component
class SessionAsOfQueryHandler {

  private final EventStore eventStore;

  SessionAsOfQueryHandler(EventStore eventStore) {
    this.eventStore = eventStore;
  }

  /** Empty when the session did not exist then, was deleted by then, or is not the requester's. */
  @QueryHandler
  Optional<SessionAsOf> asOf(FindSessionAsOfQuery query) {
    Fold now = new Fold();
    // The state then is a prefix of the fold: the transcript only grows, so it is the first
    // thenMessages entries of the one list, never a copy per event.
    SessionView thenView = null;
    boolean thenDeleted = false;
    int thenMessages = 0;
    boolean seen = false;
    DomainEventStream events = eventStore.readEvents(query.sessionId().toString(), 0);
    while (events.hasNext()) {
      DomainEventMessage<?> event = events.next();
      boolean past =
          (query.asOf() == null || !event.getTimestamp().isAfter(query.asOf()))
              && (query.version() == null || event.getSequenceNumber() <= query.version());
      now.apply(event);
      if (past) {
        seen = true;
        thenView = now.view;
        thenDeleted = now.deleted;
        thenMessages = now.messages.size();
      }
    }
    if (!seen
        || thenView == null
        || thenDeleted
        || now.view == null
        || (query.version() != null && thenView.version() != query.version())) {
      return Optional.empty();
    }
    String requester = query.requesterId();
    boolean owner = now.view.ownerId().equals(requester);
    boolean stillShared =
        !now.deleted && now.view.roleOf(requester) != null && thenView.roleOf(requester) != null;
    if (!owner && !stillShared) {
      return Optional.empty();
    }
    return Optional.of(
        new SessionAsOf(thenView, List.copyOf(now.messages.subList(0, thenMessages))));
  }

  /** The state folded so far. */
  private static final class Fold {
    @Nullable SessionView view;
    boolean deleted;
    List<TranscriptEntry> messages = new ArrayList<>();

    void apply(DomainEventMessage<?> event) {
      Object payload = event.getPayload();
      if (payload instanceof SessionStartedEvent e) {
        view =
            new SessionView(
                e.sessionId(),
                e.ownerId(),
                e.configId(),
                SessionStatus.ACTIVE,
                0,
                0,
                e.tags(),
                e.metadata(),
                Map.of(),
                null,
                e.forkedFrom(),
                event.getTimestamp(),
                event.getTimestamp(),
                event.getSequenceNumber());
        return;
      }
      SessionView v = view;
      if (v == null) {
        return;
      }
      int count = v.messageCount();
      int turns = v.turns();
      SessionStatus status = v.status();
      Map<String, String> participants = v.participants();
      String running = v.runningTurn();
      if (payload instanceof SessionMessageSubmittedEvent e) {
        messages.add(
            new TranscriptEntry(
                e.seq(),
                "user",
                e.content(),
                e.turnId(),
                false,
                event.getTimestamp(),
                e.context(),
                null));
        count++;
        turns = e.turn();
        running = e.turnId();
      } else if (payload instanceof SessionReplyRecordedEvent e) {
        messages.add(
            new TranscriptEntry(
                e.seq(),
                "assistant",
                e.content(),
                e.turnId(),
                e.cancelled(),
                event.getTimestamp(),
                null,
                null));
        running = null;
      } else if (payload instanceof SessionToolCalledEvent e) {
        messages.add(
            new TranscriptEntry(
                e.seq(),
                "tool",
                e.call().output(),
                e.turnId(),
                false,
                event.getTimestamp(),
                null,
                e.call()));
      } else if (payload instanceof SessionTurnFailedEvent) {
        running = null;
      } else if (payload instanceof SessionStatusChangedEvent e) {
        status = e.status();
      } else if (payload instanceof SessionClosedEvent) {
        status = SessionStatus.CANCELLED;
        running = null;
      } else if (payload instanceof SessionDeletedEvent) {
        deleted = true;
      } else if (payload instanceof SessionParticipantSetEvent e) {
        participants = new LinkedHashMap<>(participants);
        participants.put(e.userId(), e.role().name().toLowerCase(Locale.ROOT));
      } else if (payload instanceof SessionParticipantRemovedEvent e) {
        participants = new LinkedHashMap<>(participants);
        participants.remove(e.userId());
      }
      view =
          new SessionView(
              v.sessionId(),
              v.ownerId(),
              v.configId(),
              status,
              count,
              turns,
              v.tags(),
              v.metadata(),
              participants,
              running,
              v.forkedFrom(),
              v.createdAt(),
              event.getTimestamp(),
              event.getSequenceNumber());
    }
  }
}
