package io.amplifier.appapi.sessions.runtime;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * What a message sent while a turn of its session runs does (LangGraph's {@code
 * multitask_strategy}; ADR 25): {@link #REJECT} it (409, the default), {@link #ENQUEUE} it behind
 * the running turn, {@link #INTERRUPT} the running turn (keeping what it produced) and run after
 * it, or {@link #ROLLBACK} the running turn (dropping it from the transcript) and run after it.
 */
public enum MultitaskStrategy {
  REJECT,
  ENQUEUE,
  INTERRUPT,
  ROLLBACK;

  /** The names clients send, in order. */
  public static final String NAMES =
      Arrays.stream(values()).map(MultitaskStrategy::wire).collect(Collectors.joining(", "));

  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * The strategy {@code value} names; null for null; {@link MultitaskStrategyException} naming
   * {@code field} for any other text.
   */
  public static @Nullable MultitaskStrategy parse(@Nullable String value, String field) {
    if (value == null) {
      return null;
    }
    for (MultitaskStrategy strategy : values()) {
      if (strategy.wire().equals(value)) {
        return strategy;
      }
    }
    throw new MultitaskStrategyException(field, "must be one of " + NAMES);
  }
}
