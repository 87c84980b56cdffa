package io.amplifier.appapi.configs.web;

/** A {@code config_data} over the size this service keeps: a 413 naming it. */
class DocumentTooLargeException extends RuntimeException {

  DocumentTooLargeException(String detail) {
    super(detail, null, false, false);
  }
}
