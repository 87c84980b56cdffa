package io.amplifier.appapi.sessions.command;

import io.amplifier.appapi.sessions.api.SessionErrorCode;

/**
 * A message refused because a turn runs (or queued turns wait for theirs): {@link #runningTurnId()}
 * names the running turn (or, between two turns, the next queued one); {@link #queued()} is how
 * many turns wait.
 */
public class TurnRunningException extends SessionRuleException {

  private final String runningTurnId;
  private final int queued;

  public TurnRunningException(String runningTurnId, int queued, String message) {
    super(SessionErrorCode.TURN_RUNNING, message);
    this.runningTurnId = runningTurnId;
    this.queued = queued;
  }

  public String runningTurnId() {
    return runningTurnId;
  }

  public int queued() {
    return queued;
  }
}
