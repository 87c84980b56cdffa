package io.amplifier.appapi.sessions.service;

/** A request field or header the route cannot use: a 422 naming it. */
public class InvalidFieldException extends RuntimeException {

  private final String field;

  public InvalidFieldException(String field, String message) {
    super(message, null, false, false);
    this.field = field;
  }

  public String field() {
    return field;
  }
}
