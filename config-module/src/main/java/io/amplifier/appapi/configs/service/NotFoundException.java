package io.amplifier.appapi.configs.service;

/** No such config or recipe for this caller (or none at that version): a 404. */
public class NotFoundException extends RuntimeException {

  public NotFoundException(String detail) {
    super(detail, null, false, false);
  }
}
