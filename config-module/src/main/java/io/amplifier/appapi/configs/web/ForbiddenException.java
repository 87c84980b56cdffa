package io.amplifier.appapi.configs.web;

/** A route for admin principals, called by another caller: a 403. */
class ForbiddenException extends RuntimeException {

  ForbiddenException(String detail) {
    super(detail, null, false, false);
  }
}
