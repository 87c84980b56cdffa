package io.amplifier.appapi.users.web;

/** A quota request the service cannot use, naming its {@code field}: a 400. */
class QuotaInputException extends RuntimeException {

  private final String field;

  QuotaInputException(String field, String detail) {
    super(detail, null, false, false);
    this.field = field;
  }

  String field() {
    return field;
  }
}
