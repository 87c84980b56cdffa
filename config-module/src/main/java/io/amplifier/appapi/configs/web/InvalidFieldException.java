package io.amplifier.appapi.configs.web;

/**
 * A request field the route cannot use (e.g. a provider setting out of bounds): a 422 naming it.
 */
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
