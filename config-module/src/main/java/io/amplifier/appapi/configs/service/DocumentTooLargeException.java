package io.amplifier.appapi.configs.service;

/** A {@code config_data} over the size this service keeps: a 413 naming it. */
public class DocumentTooLargeException extends RuntimeException {

  public DocumentTooLargeException(String detail) {
    super(detail, null, false, false);
  }
}
