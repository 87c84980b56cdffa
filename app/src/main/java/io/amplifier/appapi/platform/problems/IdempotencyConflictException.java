package io.amplifier.appapi.platform.problems;

/** A request whose {@code Idempotency-Key} another request holds right now: a 409. */
public final class IdempotencyConflictException extends RuntimeException {

  public IdempotencyConflictException() {
    super(
        "A request with this Idempotency-Key is in progress; retry when it has finished",
        null,
        false,
        false);
  }
}
