package io.amplifier.appapi.sessions.runtime;

/** The session's config cannot run a turn (gone, or no supported provider). */
public class TurnNotRunnableException extends RuntimeException {

  TurnNotRunnableException(String message) {
    super(message, null, false, false);
  }
}
