package io.amplifier.appapi.sessions.web;

/** A usage question the service cannot answer, naming its {@code field}: a 400. */
class UsageInputException extends RuntimeException {

  private final String field;

  UsageInputException(String field, String detail) {
    super(detail, null, false, false);
    this.field = field;
  }

  String field() {
    return field;
  }
}
