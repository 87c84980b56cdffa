package io.amplifier.appapi.sessions.runtime;

/**
 * The caller's user or application already runs as many turns as it may ({@code
 * TURN_MAX_CONCURRENT_PER_USER}, {@code TURN_MAX_CONCURRENT_PER_APP}): a 429, try again shortly.
 */
public class TurnQuotaException extends RuntimeException {

  TurnQuotaException(String message) {
    super(message, null, false, false);
  }
}
