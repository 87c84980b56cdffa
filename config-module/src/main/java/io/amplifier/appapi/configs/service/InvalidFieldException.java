package io.amplifier.appapi.configs.service;

/**
 * A request field the route cannot use (e.g. a provider setting out of bounds): a 422 naming it.
 */
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
