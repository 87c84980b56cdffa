package io.amplifier.appapi.users.service;

/** Managing applications by a caller that is no admin principal: a 403. */
public class ForbiddenException extends RuntimeException {

  public ForbiddenException(String detail) {
    super(detail, null, false, false);
  }
}
