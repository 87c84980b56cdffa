package io.amplifier.appapi.configs.service;

/** A route for admin principals, called by another caller: a 403. */
public class ForbiddenException extends RuntimeException {

  public ForbiddenException(String detail) {
    super(detail, null, false, false);
  }
}
