package io.amplifier.appapi.sessions.runtime;

/** This node already runs {@code TURN_MAX_CONCURRENT} turns: try again shortly (503). */
public class TurnCapacityException extends RuntimeException {

  TurnCapacityException() {
    super("This node is running as many turns as it may (TURN_MAX_CONCURRENT); try again shortly", null, false, false);
  }
}
