package io.amplifier.appapi.sessions.web;

/** A request field or header the route cannot use: a 422 naming it. */
class InvalidFieldException extends RuntimeException {

  private final String field;

  InvalidFieldException(String field, String message) {
    super(message, null, false, false);
    this.field = field;
  }

  String field() {
    return field;
  }
}
