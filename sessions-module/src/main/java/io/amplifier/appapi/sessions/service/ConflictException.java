package io.amplifier.appapi.sessions.service;

/** The session's state refuses the request (e.g. it is closed): a 409. */
public class ConflictException extends RuntimeException {

  public ConflictException(String detail) {
    super(detail, null, false, false);
  }
}
