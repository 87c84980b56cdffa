package io.amplifier.appapi.sessions.web;

import io.amplifier.appapi.sessions.command.ForkTooLargeException;
import io.amplifier.appapi.sessions.command.SessionRuleException;
import io.amplifier.appapi.sessions.runtime.TurnCapacityException;
import io.amplifier.appapi.sessions.runtime.TurnEndedException;
import io.amplifier.appapi.sessions.runtime.TurnNotFoundException;
import io.amplifier.appapi.sessions.runtime.TurnNotRunnableException;
import java.net.URI;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** Turns the session aggregate's refusals into problem details for the session routes. */
@RestControllerAdvice(assignableTypes = {SessionController.class, TurnController.class})
@Order(Ordered.HIGHEST_PRECEDENCE)
class SessionProblems {

  @ExceptionHandler(SessionRuleException.class)
  ProblemDetail refused(SessionRuleException e) {
    return switch (e.code()) {
      case NOT_FOUND -> problem(HttpStatus.NOT_FOUND, "not-found", "Session not found");
      case NO_PARTICIPANT -> problem(HttpStatus.NOT_FOUND, "not-found", e.getMessage());
      case FORBIDDEN -> problem(HttpStatus.FORBIDDEN, "forbidden", e.getMessage());
      case CLOSED, TURN_RUNNING -> problem(HttpStatus.CONFLICT, "conflict", e.getMessage());
      // As the original answers a cancel with nothing to cancel.
      case NO_TURN_RUNNING -> problem(HttpStatus.NOT_FOUND, "not-found", "Session not found or not active");
      case TOO_MANY_PARTICIPANTS -> invalid("participants", e.getMessage());
    };
  }

  @ExceptionHandler(InvalidFieldException.class)
  ProblemDetail invalidField(InvalidFieldException e) {
    return invalid(e.field(), e.getMessage());
  }

  @ExceptionHandler(TurnNotFoundException.class)
  ProblemDetail turnNotFound(TurnNotFoundException e) {
    return problem(HttpStatus.NOT_FOUND, "not-found", e.getMessage());
  }

  @ExceptionHandler(TurnEndedException.class)
  ProblemDetail turnEnded(TurnEndedException e) {
    return problem(HttpStatus.CONFLICT, "conflict", e.getMessage());
  }

  @ExceptionHandler(ForkTooLargeException.class)
  ProblemDetail forkTooLarge(ForkTooLargeException e) {
    return invalid("after_turn", e.getMessage());
  }

  /** A 422 whose {@code errors} name the field, as for every other invalid input. */
  static ProblemDetail invalid(String field, String message) {
    ProblemDetail problem =
        problem(HttpStatus.UNPROCESSABLE_ENTITY, "validation-error", "Validation failed: " + field + " " + message);
    problem.setProperty("errors", java.util.List.of(java.util.Map.of("field", field, "message", message)));
    return problem;
  }

  @ExceptionHandler(TurnNotRunnableException.class)
  ProblemDetail notRunnable(TurnNotRunnableException e) {
    return problem(HttpStatus.BAD_REQUEST, "bad-request", e.getMessage());
  }

  @ExceptionHandler(TurnCapacityException.class)
  org.springframework.http.ResponseEntity<ProblemDetail> busy(TurnCapacityException e) {
    return org.springframework.http.ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
        .header("Retry-After", "5")
        .body(problem(HttpStatus.SERVICE_UNAVAILABLE, "service-unavailable", e.getMessage()));
  }

  @ExceptionHandler(TurnFailedException.class)
  ProblemDetail turnFailed(TurnFailedException e) {
    return problem(HttpStatus.BAD_GATEWAY, e.problem(), e.getMessage());
  }

  @ExceptionHandler(AggregateNotFoundException.class)
  ProblemDetail missing(AggregateNotFoundException e) {
    return problem(HttpStatus.NOT_FOUND, "not-found", "Session not found");
  }

  static ProblemDetail problem(HttpStatus status, String slug, String detail) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
    problem.setType(URI.create("/problems/" + slug));
    problem.setTitle(status.getReasonPhrase());
    return problem;
  }
}
