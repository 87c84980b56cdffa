package io.amplifier.appapi.users.web;

import io.amplifier.appapi.platform.api.Problem;
import io.amplifier.appapi.platform.api.ProblemMapping;
import io.amplifier.appapi.users.command.ApplicationRuleException;
import io.amplifier.appapi.users.service.ForbiddenException;
import io.amplifier.appapi.users.service.NotFoundException;
import io.amplifier.appapi.users.service.SigningKeyRules;
import java.util.Optional;
import java.util.Set;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/** Turns the application aggregate's refusals into problems for the application routes. */
@Component
class ApplicationProblems implements ProblemMapping {

  private static final Problem NOT_FOUND =
      Problem.of(HttpStatus.NOT_FOUND, "not-found", "Application not found");

  @Override
  public Set<Class<?>> controllers() {
    return Set.of(ApplicationController.class);
  }

  @Override
  public Optional<Problem> problemFor(Throwable failure) {
    if (failure instanceof ApplicationRuleException e) {
      return Optional.of(
          switch (e.code()) {
            case ALREADY_EXISTS -> Problem.of(HttpStatus.CONFLICT, "conflict", e.getMessage());
            case NOT_FOUND -> NOT_FOUND;
          });
    }
    if (failure instanceof SigningKeyRules.Rejected e) {
      return Optional.of(Problem.invalid(e.field(), e.getMessage()));
    }
    if (failure instanceof AggregateStreamCreationException) {
      // Two registrations of one new id raced; the event store's unique key let one win.
      return Optional.of(Problem.of(HttpStatus.CONFLICT, "conflict", "Application already exists"));
    }
    if (failure instanceof NotFoundException e) {
      return Optional.of(Problem.of(HttpStatus.NOT_FOUND, "not-found", e.getMessage()));
    }
    if (failure instanceof ForbiddenException e) {
      return Optional.of(Problem.of(HttpStatus.FORBIDDEN, "forbidden", e.getMessage()));
    }
    if (failure instanceof AggregateNotFoundException) {
      return Optional.of(NOT_FOUND);
    }
    return Optional.empty();
  }
}
