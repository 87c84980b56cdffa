package io.amplifier.appapi.sessions.service;

/**
 * What the caller asked for does not exist or is not theirs to see (a session, turn, approval or
 * config): a 404 whose detail names it.
 */
public class NotFoundException extends RuntimeException {

  public NotFoundException(String detail) {
    super(detail, null, false, false);
  }
}
