package io.amplifier.appapi.users.web;

import io.amplifier.appapi.users.command.ApplicationRuleException;
import java.net.URI;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** Turns the application aggregate's refusals into problem details for the application routes. */
@RestControllerAdvice(assignableTypes = ApplicationController.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
class ApplicationProblems {

  @ExceptionHandler(ApplicationRuleException.class)
  ProblemDetail refused(ApplicationRuleException e) {
    return switch (e.code()) {
      case ALREADY_EXISTS -> problem(HttpStatus.CONFLICT, "conflict", e.getMessage());
      case NOT_FOUND -> problem(HttpStatus.NOT_FOUND, "not-found", "Application not found");
    };
  }

  /** Two registrations of one new id raced; the event store's unique key let one win. */
  @ExceptionHandler(AggregateStreamCreationException.class)
  ProblemDetail raced(AggregateStreamCreationException e) {
    return problem(HttpStatus.CONFLICT, "conflict", "Application already exists");
  }

  @ExceptionHandler(AggregateNotFoundException.class)
  ProblemDetail missing(AggregateNotFoundException e) {
    return problem(HttpStatus.NOT_FOUND, "not-found", "Application not found");
  }

  private static ProblemDetail problem(HttpStatus status, String slug, String detail) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
    problem.setType(URI.create("/problems/" + slug));
    problem.setTitle(status.getReasonPhrase());
    return problem;
  }
}
