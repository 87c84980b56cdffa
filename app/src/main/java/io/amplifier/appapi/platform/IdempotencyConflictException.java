package io.amplifier.appapi.platform;

/** A request whose {@code Idempotency-Key} another request holds right now: a 409. */
final class IdempotencyConflictException extends RuntimeException {

  IdempotencyConflictException() {
    super(
        "A request with this Idempotency-Key is in progress; retry when it has finished",
        null,
        false,
        false);
  }
}
