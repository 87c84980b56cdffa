package io.amplifier.appapi.sessions.command;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import io.amplifier.appapi.sessions.api.SessionId;
import io.amplifier.appapi.sessions.api.SessionTurnRolledBackEvent;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The session's rules of double-texting (ADR 25): queued turns start in order, the queue is
 * bounded, and a turn a {@code rollback} cancelled is dropped from the transcript when it ends.
 */
final class SessionQueue {

  private SessionQueue() {}

  /** Refuses a turn that would start ahead of the turns already waiting. */
  static void requireNext(List<String> queued, String turnId) {
    if (!queued.isEmpty() && !queued.get(0).equals(turnId)) {
      throw new TurnRunningException(
          queued.get(0),
          queued.size(),
          "Queued turns wait in this session (next: " + queued.get(0) + "); wait or cancel them");
    }
  }

  /** Refuses one more queued turn when {@code max} wait already. */
  static void requireRoom(List<String> queued, @Nullable String runningTurn, int max) {
    if (queued.size() >= max) {
      String running = runningTurn != null ? runningTurn : queued.get(0);
      throw new TurnRunningException(
          running,
          queued.size(),
          "A turn is running in this session ("
              + running
              + ") and "
              + queued.size()
              + " queued turns wait, as many as may (multitask_strategy enqueue)");
    }
  }

  /** Drops turn {@code turnId}, just ended, from the transcript when a rollback asked so. */
  static void rollBackIfAsked(SessionId session, Map<String, String> rollingBack, String turnId) {
    String by = rollingBack.get(turnId);
    if (by != null) {
      apply(new SessionTurnRolledBackEvent(session, turnId, by));
    }
  }
}
