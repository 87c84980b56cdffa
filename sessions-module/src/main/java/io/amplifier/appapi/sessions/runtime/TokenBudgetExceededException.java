package io.amplifier.appapi.sessions.runtime;

import io.amplifier.appapi.users.api.TokenBudget;
import io.amplifier.appapi.users.api.UserId;
import java.time.Duration;
import java.time.Instant;

/**
 * A turn, or one provider call of it, refused before the provider was called: the user's or the
 * application's monthly token budget has nothing left (ADR 26). A 429 whose {@code Retry-After}
 * counts the seconds to the budget's reset.
 */
public class TokenBudgetExceededException extends RuntimeException {

  /**
   * The problem type's last segment: a 429 on every route (a blocking turn refused mid-way too),
   * and a streamed turn's {@code error} event.
   */
  public static final String PROBLEM = "token-budget-exceeded";

  private final transient TokenBudget budget;

  TokenBudgetExceededException(TokenBudget budget) {
    super(detail(budget), null, false, false);
    this.budget = budget;
  }

  /** The budget with nothing left. */
  public TokenBudget budget() {
    return budget;
  }

  /** Whole seconds until the budget resets, at least 1. */
  public long retryAfterSeconds() {
    long seconds = Duration.between(Instant.now(), budget.resetAt()).toSeconds() + 1;
    return Math.max(1, seconds);
  }

  private static String detail(TokenBudget budget) {
    String who =
        TokenBudget.USER.equals(budget.kind())
            ? "user '" + UserId.wire(budget.subject()) + "'"
            : "application '" + budget.subject() + "'";
    return "The monthly token budget of "
        + who
        + " is used up ("
        + budget.used()
        + " used, "
        + budget.reserved()
        + " reserved, of "
        + budget.monthlyTokens()
        + " monthly_tokens); it resets at "
        + budget.resetAt();
  }
}
