package io.amplifier.appapi.configs.web;

import io.amplifier.appapi.configs.command.RecipeRuleException;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** Turns the recipe aggregate's refusals into problem details for the recipe routes. */
@RestControllerAdvice(assignableTypes = RecipeController.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
class RecipeProblems {

  @ExceptionHandler(RecipeRuleException.class)
  ProblemDetail refused(RecipeRuleException e) {
    ProblemDetail problem =
        switch (e.code()) {
          case INVALID -> problem(HttpStatus.UNPROCESSABLE_ENTITY, "validation-error", e.getMessage());
          case DUPLICATE_NAME -> problem(HttpStatus.CONFLICT, "conflict", e.getMessage());
          case NOT_FOUND -> problem(HttpStatus.NOT_FOUND, "not-found", RecipeController.NOT_FOUND);
          case STALE -> problem(HttpStatus.PRECONDITION_FAILED, "precondition-failed", e.getMessage());
        };
    if (e.field() != null && e.code() != io.amplifier.appapi.configs.api.RecipeErrorCode.NOT_FOUND) {
      problem.setProperty("errors", List.of(Map.of("field", e.field(), "message", e.getMessage())));
    }
    return problem;
  }

  @ExceptionHandler(AggregateNotFoundException.class)
  ProblemDetail missing(AggregateNotFoundException e) {
    return problem(HttpStatus.NOT_FOUND, "not-found", RecipeController.NOT_FOUND);
  }

  @ExceptionHandler(InvalidTagFilterException.class)
  ProblemDetail badTags(InvalidTagFilterException e) {
    ProblemDetail problem =
        problem(HttpStatus.UNPROCESSABLE_ENTITY, "validation-error", "Validation failed: " + e.getMessage());
    problem.setProperty("errors", List.of(Map.of("field", "tags", "message", e.getMessage())));
    return problem;
  }

  private static ProblemDetail problem(HttpStatus status, String slug, String detail) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
    problem.setType(URI.create("/problems/" + slug));
    problem.setTitle(status.getReasonPhrase());
    return problem;
  }
}
