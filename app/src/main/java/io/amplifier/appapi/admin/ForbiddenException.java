package io.amplifier.appapi.admin;

/** An operations route called by a caller that is no admin: a 403. */
class ForbiddenException extends RuntimeException {

  ForbiddenException(String detail) {
    super(detail, null, false, false);
  }
}
