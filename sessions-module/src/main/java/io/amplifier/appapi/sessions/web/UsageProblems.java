package io.amplifier.appapi.sessions.web;

import io.amplifier.appapi.platform.api.Problem;
import io.amplifier.appapi.platform.api.ProblemMapping;
import io.amplifier.appapi.sessions.runtime.TokenBudgetExceededException;
import io.amplifier.appapi.sessions.service.TurnFailedException;
import io.amplifier.appapi.users.api.TokenBudget;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.Set;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * Token budget refusals on every route that runs a turn (a 429 with {@code Retry-After} until the
 * budget resets, asked before the session's own mapping), and bad usage questions (a 400 naming the
 * parameter).
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class UsageProblems implements ProblemMapping {

  @Override
  public Set<Class<?>> controllers() {
    return Set.of(
        UsageController.class,
        MessageController.class,
        TurnController.class,
        ApprovalController.class);
  }

  @Override
  public Optional<Problem> problemFor(Throwable failure) {
    if (failure instanceof TokenBudgetExceededException e) {
      return Optional.of(
          Problem.of(HttpStatus.TOO_MANY_REQUESTS, "token-budget-exceeded", e.getMessage())
              .withHeader("Retry-After", Long.toString(e.retryAfterSeconds())));
    }
    if (failure instanceof TurnFailedException e
        && TokenBudgetExceededException.PROBLEM.equals(e.problem())) {
      Instant reset = TokenBudget.resetOf(YearMonth.now(ZoneOffset.UTC));
      long seconds = Math.max(1, Duration.between(Instant.now(), reset).toSeconds() + 1);
      return Optional.of(
          Problem.of(HttpStatus.TOO_MANY_REQUESTS, "token-budget-exceeded", e.getMessage())
              .withHeader("Retry-After", Long.toString(seconds)));
    }
    if (failure instanceof UsageInputException e) {
      return Optional.of(
          Problem.of(HttpStatus.BAD_REQUEST, "usage-validation", e.getMessage())
              .naming(e.field(), e.getMessage()));
    }
    return Optional.empty();
  }
}
