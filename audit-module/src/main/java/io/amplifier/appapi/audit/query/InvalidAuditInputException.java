package io.amplifier.appapi.audit.query;

/** An audit query's input the service refuses, answered as a 422 naming {@link #field()}. */
public final class InvalidAuditInputException extends RuntimeException {

  private final String field;

  public InvalidAuditInputException(String field, String message) {
    super(message, null, false, false);
    this.field = field;
  }

  public String field() {
    return field;
  }
}
