package io.amplifier.appapi.platform;

/** A request that names no caller (or a malformed one) where one is required: a 401. */
final class UnauthenticatedException extends RuntimeException {

  UnauthenticatedException(String detail) {
    super(detail, null, false, false);
  }
}
