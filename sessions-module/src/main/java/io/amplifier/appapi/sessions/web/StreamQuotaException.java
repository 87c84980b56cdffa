package io.amplifier.appapi.sessions.web;

/**
 * The caller's user or application already holds as many open turn streams on this node as it may
 * ({@code TURN_STREAMS_MAX_PER_USER}, {@code TURN_STREAMS_MAX_PER_APP}): a 429, try again shortly.
 */
class StreamQuotaException extends RuntimeException {

  StreamQuotaException(String message) {
    super(message, null, false, false);
  }
}
