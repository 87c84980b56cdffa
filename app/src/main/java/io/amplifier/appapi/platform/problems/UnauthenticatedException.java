package io.amplifier.appapi.platform.problems;

/** A request that names no caller (or a malformed one) where one is required: a 401. */
public final class UnauthenticatedException extends RuntimeException {

  public UnauthenticatedException(String detail) {
    super(detail, null, false, false);
  }
}
