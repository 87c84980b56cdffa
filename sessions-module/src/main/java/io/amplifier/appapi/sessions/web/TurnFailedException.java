package io.amplifier.appapi.sessions.web;

/** A turn ended as failed; answered as a 502 problem of type {@code /problems/<problem>}. */
class TurnFailedException extends RuntimeException {

  private final String problem;

  TurnFailedException(String problem, String detail) {
    super(detail, null, false, false);
    this.problem = problem;
  }

  String problem() {
    return problem;
  }
}
