package io.amplifier.appapi.configs.web;

import io.amplifier.appapi.configs.api.RecipeErrorCode;
import io.amplifier.appapi.configs.command.RecipeRuleException;
import io.amplifier.appapi.platform.api.Problem;
import java.util.Optional;
import java.util.Set;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/** Turns the recipe aggregate's refusals into problems for the recipe routes. */
@Component
class RecipeProblems extends ConfigsWebProblems {

  private static final Problem NOT_FOUND =
      Problem.of(HttpStatus.NOT_FOUND, "not-found", RecipeController.NOT_FOUND);

  @Override
  public Set<Class<?>> controllers() {
    return Set.of(RecipeController.class);
  }

  @Override
  public Optional<Problem> problemFor(Throwable failure) {
    if (failure instanceof RecipeRuleException e) {
      Problem problem =
          switch (e.code()) {
            case INVALID ->
                Problem.of(HttpStatus.UNPROCESSABLE_ENTITY, "validation-error", e.getMessage());
            case DUPLICATE_NAME -> Problem.of(HttpStatus.CONFLICT, "conflict", e.getMessage());
            case NOT_FOUND -> NOT_FOUND;
            case STALE ->
                Problem.of(HttpStatus.PRECONDITION_FAILED, "precondition-failed", e.getMessage());
          };
      String field = e.field();
      return Optional.of(
          field != null && e.code() != RecipeErrorCode.NOT_FOUND
              ? problem.naming(field, e.getMessage())
              : problem);
    }
    if (failure instanceof AggregateNotFoundException) {
      return Optional.of(NOT_FOUND);
    }
    return webProblem(failure);
  }
}
