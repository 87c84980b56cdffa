package io.amplifier.appapi.admin;

/** An operation the current state refuses (a rebuild runs, letters still fail): a 409. */
class ConflictException extends RuntimeException {

  ConflictException(String detail) {
    super(detail, null, false, false);
  }
}
