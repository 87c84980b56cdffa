package io.amplifier.appapi.sessions.runtime;

import io.amplifier.appapi.sessions.api.SessionTurnCancelRequestedEvent;
import java.util.function.Predicate;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.jspecify.annotations.Nullable;

/**
 * What a waiting turn finds in its session's events since it asked: the answer it waits for (the
 * last one that matches), and whether the turn was cancelled meanwhile.
 */
record TurnAnswer<T>(@Nullable T answer, boolean cancelled) {

  static <T> TurnAnswer<T> read(
      EventStore eventStore,
      String session,
      long from,
      String turnId,
      Class<T> type,
      Predicate<T> matches) {
    @Nullable T answer = null;
    boolean cancelled = false;
    DomainEventStream events = eventStore.readEvents(session, from);
    while (events.hasNext()) {
      Object payload = events.next().getPayload();
      if (type.isInstance(payload) && matches.test(type.cast(payload))) {
        answer = type.cast(payload);
      } else if (payload instanceof SessionTurnCancelRequestedEvent c
          && c.turnId().equals(turnId)) {
        cancelled = true;
      }
    }
    return new TurnAnswer<>(answer, cancelled);
  }
}
