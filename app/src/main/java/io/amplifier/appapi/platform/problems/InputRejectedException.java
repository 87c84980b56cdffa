package io.amplifier.appapi.platform.problems;

/**
 * A request carried input the service refuses before any command sees it: a string PostgreSQL
 * cannot store, a body nested too deep, too many tags. Answered as 422 naming {@link #field()}.
 */
public final class InputRejectedException extends RuntimeException {

  private final String field;

  public InputRejectedException(String field, String message) {
    super(message, null, false, false);
    this.field = field;
  }

  public String field() {
    return field;
  }
}
