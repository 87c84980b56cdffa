package io.amplifier.appapi.users.web;

/** No application with that id: a 404. */
class NotFoundException extends RuntimeException {

  NotFoundException(String detail) {
    super(detail, null, false, false);
  }
}
