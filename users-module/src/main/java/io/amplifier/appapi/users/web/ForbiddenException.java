package io.amplifier.appapi.users.web;

/** Managing applications by a caller that is no admin principal: a 403. */
class ForbiddenException extends RuntimeException {

  ForbiddenException(String detail) {
    super(detail, null, false, false);
  }
}
