package io.amplifier.appapi.sessions.runtime;

/** The turn asked for has ended already, so it cannot be cancelled or answered (a 409). */
public class TurnEndedException extends RuntimeException {

  TurnEndedException(String message) {
    super(message, null, false, false);
  }
}
