package io.amplifier.appapi.admin;

/** No such projection, dead-letter queue or dead-letter sequence: a 404. */
class NotFoundException extends RuntimeException {

  NotFoundException(String detail) {
    super(detail, null, false, false);
  }
}
