package io.amplifier.appapi.sessions.runtime;

import io.amplifier.appapi.sessions.api.SessionId;
import io.amplifier.appapi.sessions.api.SessionTurnCancelRequestedEvent;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.stereotype.Component;

/**
 * How a turn running on this node learns it was cancelled, on this node ({@link CancelSignals}) or
 * on any other (the session's events, re-read while it runs); changes when a cancel travels
 * differently.
 */
@Component
class TurnCancels {

  private static final long CANCEL_POLL_NANOS = 200_000_000L;

  private final CancelSignals signals;
  private final EventStore eventStore;

  TurnCancels(CancelSignals signals, EventStore eventStore) {
    this.signals = signals;
    this.eventStore = eventStore;
  }

  /** The cancel of one running turn; closed when the turn stops running here. */
  final class Watch implements BooleanSupplier, AutoCloseable {
    private final SessionId session;
    private final String turnId;
    private final long openedAt;
    private final AtomicBoolean flag;
    private long nextCheck;

    private Watch(TurnRunner.PreparedTurn turn, boolean checkNow) {
      this.session = turn.session().sessionId();
      this.turnId = turn.turnId();
      this.openedAt = turn.openedAt();
      this.flag = signals.register(session, turnId);
      this.nextCheck = System.nanoTime() + (checkNow ? 0 : CANCEL_POLL_NANOS);
    }

    /**
     * True once a cancel was signalled here, or (checked every 200 ms, and at once for a resumed
     * turn) recorded by any node.
     */
    @Override
    public boolean getAsBoolean() {
      if (flag.get()) {
        return true;
      }
      long now = System.nanoTime();
      if (now >= nextCheck) {
        nextCheck = now + CANCEL_POLL_NANOS;
        boolean requested =
            eventStore
                .readEvents(session.toString(), openedAt + 1)
                .asStream()
                .anyMatch(
                    e ->
                        e.getPayload() instanceof SessionTurnCancelRequestedEvent c
                            && c.turnId().equals(turnId));
        if (requested) {
          flag.set(true);
        }
      }
      return flag.get();
    }

    @Override
    public void close() {
      signals.unregister(session, turnId);
    }
  }

  /** Starts watching {@code turn}'s cancel; {@code checkNow} reads the session's events at once. */
  Watch watch(TurnRunner.PreparedTurn turn, boolean checkNow) {
    return new Watch(turn, checkNow);
  }
}
