package io.amplifier.appapi.sessions.runtime;

import java.io.IOException;
import java.time.Duration;

/**
 * A turn ran past {@code PROVIDER_TURN_TIMEOUT}, its reply past {@code PROVIDER_MAX_REPLY_CHARS},
 * or its tool rounds past the config's {@code max_tool_rounds}.
 */
final class TurnLimitException extends IOException {

  private final String problem;

  private TurnLimitException(String problem, String message) {
    super(message, null);
    this.problem = problem;
  }

  static TurnLimitException deadline(Duration limit) {
    return new TurnLimitException(
        "turn-timeout",
        "Provider turn exceeded its total time limit (PROVIDER_TURN_TIMEOUT " + limit + ")");
  }

  static TurnLimitException tooLarge(long limit) {
    return new TurnLimitException(
        "reply-too-large",
        "Provider reply exceeded its size limit (PROVIDER_MAX_REPLY_CHARS " + limit + ")");
  }

  static TurnLimitException toolRounds(int limit) {
    return new TurnLimitException(
        "tool-rounds-exceeded",
        "The model still asked for tools after max_tool_rounds ("
            + limit
            + ") rounds; the turn was stopped");
  }

  /** The problem type's last segment, e.g. {@code turn-timeout}. */
  String problem() {
    return problem;
  }
}
