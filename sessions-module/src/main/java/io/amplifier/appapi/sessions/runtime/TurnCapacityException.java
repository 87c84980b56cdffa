package io.amplifier.appapi.sessions.runtime;

/** This node already runs {@code TURN_MAX_CONCURRENT} turns: try again shortly (503). */
public class TurnCapacityException extends RuntimeException {

  TurnCapacityException() {
    super(MESSAGE, null, false, false);
  }

  private static final String MESSAGE =
      "This node is running as many turns as it may (TURN_MAX_CONCURRENT); try again shortly";

  @Override
  public String getMessage() {
    return MESSAGE;
  }
}
