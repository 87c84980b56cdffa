package io.amplifier.appapi.sessions.web;

import io.amplifier.appapi.platform.api.Problem;
import io.amplifier.appapi.platform.api.ProblemMapping;
import io.amplifier.appapi.sessions.command.ForkTooLargeException;
import io.amplifier.appapi.sessions.command.SessionRuleException;
import io.amplifier.appapi.sessions.command.TurnRunningException;
import io.amplifier.appapi.sessions.runtime.MultitaskStrategyException;
import io.amplifier.appapi.sessions.runtime.TurnCapacityException;
import io.amplifier.appapi.sessions.runtime.TurnEndedException;
import io.amplifier.appapi.sessions.runtime.TurnNotFoundException;
import io.amplifier.appapi.sessions.runtime.TurnNotRunnableException;
import io.amplifier.appapi.sessions.runtime.TurnQuotaException;
import io.amplifier.appapi.sessions.service.ConfigNotRunnableException;
import io.amplifier.appapi.sessions.service.ConflictException;
import io.amplifier.appapi.sessions.service.GoneException;
import io.amplifier.appapi.sessions.service.InvalidFieldException;
import io.amplifier.appapi.sessions.service.InvalidTagFilterException;
import io.amplifier.appapi.sessions.service.NotFoundException;
import io.amplifier.appapi.sessions.service.TurnFailedException;
import java.util.Optional;
import java.util.Set;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/** Turns the session aggregate's refusals into problems for the session and turn routes. */
@Component
class SessionProblems implements ProblemMapping {

  private static final Problem NOT_FOUND =
      Problem.of(HttpStatus.NOT_FOUND, "not-found", "Session not found");

  @Override
  public Set<Class<?>> controllers() {
    return Set.of(
        SessionController.class,
        ParticipantController.class,
        TurnController.class,
        MessageController.class,
        ApprovalController.class);
  }

  @Override
  public Optional<Problem> problemFor(Throwable failure) {
    if (failure instanceof TurnRunningException e) {
      return Optional.of(
          Problem.of(HttpStatus.CONFLICT, "conflict", e.getMessage())
              .with("running_turn_id", e.runningTurnId())
              .with("queued_turns", e.queued()));
    }
    if (failure instanceof MultitaskStrategyException e) {
      return Optional.of(
          Problem.of(HttpStatus.BAD_REQUEST, "bad-request", e.getMessage())
              .naming(e.field(), e.reason()));
    }
    if (failure instanceof SessionRuleException e) {
      return Optional.of(refused(e));
    }
    if (failure instanceof NotFoundException e) {
      return Optional.of(Problem.of(HttpStatus.NOT_FOUND, "not-found", e.getMessage()));
    }
    if (failure instanceof ConflictException e) {
      return Optional.of(Problem.of(HttpStatus.CONFLICT, "conflict", e.getMessage()));
    }
    if (failure instanceof GoneException e) {
      return Optional.of(Problem.of(HttpStatus.GONE, "gone", e.getMessage()));
    }
    if (failure instanceof ConfigNotRunnableException e) {
      return Optional.of(Problem.of(HttpStatus.BAD_REQUEST, "bad-request", e.getMessage()));
    }
    if (failure instanceof InvalidFieldException e) {
      return Optional.of(Problem.invalid(e.field(), e.getMessage()));
    }
    if (failure instanceof InvalidTagFilterException) {
      return Optional.of(Problem.TAG_FILTER);
    }
    if (failure instanceof TurnNotFoundException e) {
      return Optional.of(Problem.of(HttpStatus.NOT_FOUND, "not-found", e.getMessage()));
    }
    if (failure instanceof TurnEndedException e) {
      return Optional.of(Problem.of(HttpStatus.CONFLICT, "conflict", e.getMessage()));
    }
    if (failure instanceof ForkTooLargeException e) {
      return Optional.of(Problem.invalid("after_turn", e.getMessage()));
    }
    if (failure instanceof TurnNotRunnableException e) {
      String field = e.field();
      return Optional.of(
          field == null
              ? Problem.of(HttpStatus.BAD_REQUEST, "bad-request", e.getMessage())
              : Problem.of(HttpStatus.BAD_REQUEST, "config-validation", e.getMessage())
                  .naming(field, e.reason()));
    }
    if (failure instanceof TurnCapacityException e) {
      return Optional.of(
          Problem.of(HttpStatus.SERVICE_UNAVAILABLE, "service-unavailable", e.getMessage())
              .withHeader("Retry-After", "5"));
    }
    if (failure instanceof StreamQuotaException e) {
      return Optional.of(
          Problem.of(HttpStatus.TOO_MANY_REQUESTS, "too-many-requests", e.getMessage())
              .withHeader("Retry-After", "5"));
    }
    if (failure instanceof TurnQuotaException e) {
      return Optional.of(
          Problem.of(HttpStatus.TOO_MANY_REQUESTS, "too-many-requests", e.getMessage())
              .withHeader("Retry-After", "5"));
    }
    if (failure instanceof TurnFailedException e) {
      return Optional.of(Problem.of(HttpStatus.BAD_GATEWAY, e.problem(), e.getMessage()));
    }
    if (failure instanceof AggregateNotFoundException) {
      return Optional.of(NOT_FOUND);
    }
    return Optional.empty();
  }

  private static Problem refused(SessionRuleException e) {
    return switch (e.code()) {
      case NOT_FOUND -> NOT_FOUND;
      case NO_PARTICIPANT, NO_APPROVAL ->
          Problem.of(HttpStatus.NOT_FOUND, "not-found", e.getMessage());
      case FORBIDDEN -> Problem.of(HttpStatus.FORBIDDEN, "forbidden", e.getMessage());
      case CLOSED, TURN_RUNNING -> Problem.of(HttpStatus.CONFLICT, "conflict", e.getMessage());
      // As the original answers a cancel with nothing to cancel.
      case NO_TURN_RUNNING ->
          Problem.of(HttpStatus.NOT_FOUND, "not-found", "Session not found or not active");
      case TOO_MANY_PARTICIPANTS -> Problem.invalid("participants", e.getMessage());
      case NOT_WAITING -> Problem.of(HttpStatus.CONFLICT, "conflict", e.getMessage());
      case UNKNOWN_CALL -> Problem.invalid("call_id", e.getMessage());
    };
  }
}
