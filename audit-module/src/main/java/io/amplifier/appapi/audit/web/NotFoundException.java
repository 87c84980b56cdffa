package io.amplifier.appapi.audit.web;

/** No history of that entity the caller may read: a 404 naming the kind. */
class NotFoundException extends RuntimeException {

  NotFoundException(String detail) {
    super(detail, null, false, false);
  }
}
