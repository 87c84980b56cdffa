package io.amplifier.appapi.sessions.runtime;

import org.jspecify.annotations.Nullable;

/**
 * The session's config cannot run a turn (gone, or no supported provider); or its content breaks a
 * rule at {@link #field()}, answered as the config routes answer the same rule.
 */
public class TurnNotRunnableException extends RuntimeException {

  private final @Nullable String field;
  private final @Nullable String reason;

  TurnNotRunnableException(String message) {
    super(message, null, false, false);
    this.field = null;
    this.reason = null;
  }

  private TurnNotRunnableException(String field, String reason) {
    super("Config validation error: " + field + ": " + reason, null, false, false);
    this.field = field;
    this.reason = reason;
  }

  /** The config breaks a rule at {@code field}: {@code Config validation error: <field>: …}. */
  static TurnNotRunnableException invalid(String field, String reason) {
    return new TurnNotRunnableException(field, reason);
  }

  /** The path in the config at fault, or null when the config as a whole cannot run. */
  public @Nullable String field() {
    return field;
  }

  /** What is wrong at {@link #field()}, or null. */
  public @Nullable String reason() {
    return reason;
  }
}
