package io.amplifier.appapi.sessions.command;

/** A fork would copy more of the transcript than one event may carry: fork an earlier turn. */
public class ForkTooLargeException extends RuntimeException {

  ForkTooLargeException(String message) {
    super(message, null, false, false);
  }
}
