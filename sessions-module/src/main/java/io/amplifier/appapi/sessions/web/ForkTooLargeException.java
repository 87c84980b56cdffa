package io.amplifier.appapi.sessions.web;

/** A fork would copy more of the transcript than one event may carry: fork an earlier turn. */
class ForkTooLargeException extends RuntimeException {

  ForkTooLargeException(String message) {
    super(message, null, false, false);
  }
}
