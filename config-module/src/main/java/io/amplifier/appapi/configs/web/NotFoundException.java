package io.amplifier.appapi.configs.web;

/** No such config or recipe for this caller (or none at that version): a 404. */
class NotFoundException extends RuntimeException {

  NotFoundException(String detail) {
    super(detail, null, false, false);
  }
}
