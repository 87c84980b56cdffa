package io.amplifier.appapi.sessions.runtime;

/** The session has no such turn (a 404, as an unknown session). */
public class TurnNotFoundException extends RuntimeException {

  TurnNotFoundException() {
    super("Turn not found", null, false, false);
  }
}
