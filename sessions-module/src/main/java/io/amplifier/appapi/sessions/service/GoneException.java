package io.amplifier.appapi.sessions.service;

/** What the caller asked for existed and is kept no longer (a turn's events): a 410. */
public class GoneException extends RuntimeException {

  public GoneException(String detail) {
    super(detail, null, false, false);
  }
}
