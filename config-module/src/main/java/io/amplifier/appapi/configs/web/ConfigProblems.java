package io.amplifier.appapi.configs.web;

import io.amplifier.appapi.configs.command.ConfigRuleException;
import io.amplifier.appapi.configs.secrets.SecretRejectedException;
import io.amplifier.appapi.platform.api.Problem;
import java.util.Optional;
import java.util.Set;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/** Turns the config aggregate's refusals into problems for the config routes. */
@Component
class ConfigProblems extends ConfigsWebProblems {

  private static final Problem NOT_FOUND =
      Problem.of(HttpStatus.NOT_FOUND, "not-found", ConfigController.NOT_FOUND);

  @Override
  public Set<Class<?>> controllers() {
    return Set.of(ConfigController.class, KeyAdminController.class);
  }

  @Override
  public Optional<Problem> problemFor(Throwable failure) {
    if (failure instanceof ConfigRuleException e) {
      return Optional.of(
          switch (e.code()) {
            case INVALID, UNREADABLE_SECRET ->
                Problem.of(HttpStatus.BAD_REQUEST, "config-validation", e.getMessage());
            case NOT_FOUND -> NOT_FOUND;
            case STALE ->
                Problem.of(HttpStatus.PRECONDITION_FAILED, "precondition-failed", e.getMessage());
          });
    }
    if (failure instanceof SecretRejectedException e) {
      return Optional.of(Problem.of(HttpStatus.BAD_REQUEST, "config-validation", e.getMessage()));
    }
    if (failure instanceof AggregateNotFoundException) {
      return Optional.of(NOT_FOUND);
    }
    if (failure instanceof ConcurrencyException) {
      // Another node changed the config between load and save: the client should re-read.
      return Optional.of(
          Problem.of(
              HttpStatus.CONFLICT,
              "conflict",
              "The config was changed concurrently; read it and retry"));
    }
    return webProblem(failure);
  }
}
