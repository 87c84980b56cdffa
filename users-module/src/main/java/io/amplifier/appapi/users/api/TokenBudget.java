package io.amplifier.appapi.users.api;

import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import org.jspecify.annotations.Nullable;

/**
 * A subject's token budget for one UTC calendar month: {@code kind} is {@code application} or
 * {@code user}, {@code subject} its id as keyed inside; {@code monthlyTokens} is null when no
 * budget is set; {@code used} counts the tokens providers reported this month, {@code reserved}
 * those held by provider calls in flight; the month ends, and {@code used} starts again from zero,
 * at {@code resetAt}.
 */
public record TokenBudget(
    String kind,
    String subject,
    @Nullable Long monthlyTokens,
    long used,
    long reserved,
    Instant resetAt) {

  /** Budget kind of a client application. */
  public static final String APPLICATION = "application";

  /** Budget kind of an end user. */
  public static final String USER = "user";

  /** Whether a budget is set and nothing is left of it (used and reserved reach it). */
  public boolean exhausted() {
    return monthlyTokens != null && used + reserved >= monthlyTokens;
  }

  /** The first instant of the UTC calendar month after {@code month}. */
  public static Instant resetOf(YearMonth month) {
    return month.plusMonths(1).atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC);
  }
}
