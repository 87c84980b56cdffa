package io.amplifier.appapi.sessions.service;

import org.jspecify.annotations.Nullable;

/** A turn ended as failed; answered as a 502 problem of type {@code /problems/<problem>}. */
public class TurnFailedException extends RuntimeException {

  private final String problem;

  /** {@code problem} defaults to {@code bad-gateway}. */
  TurnFailedException(@Nullable String problem, @Nullable String detail) {
    super(detail, null, false, false);
    this.problem = problem == null ? "bad-gateway" : problem;
  }

  public String problem() {
    return problem;
  }
}
