package io.amplifier.appapi.configs.web;

import io.amplifier.appapi.configs.command.ConfigRuleException;
import io.amplifier.appapi.configs.secrets.SecretRejectedException;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** Turns the config aggregate's refusals into problem details for the config routes. */
@RestControllerAdvice(assignableTypes = {ConfigController.class, KeyAdminController.class})
@Order(Ordered.HIGHEST_PRECEDENCE)
class ConfigProblems {

  @ExceptionHandler(ConfigRuleException.class)
  ProblemDetail refused(ConfigRuleException e) {
    return switch (e.code()) {
      case INVALID, UNREADABLE_SECRET ->
          problem(HttpStatus.BAD_REQUEST, "config-validation", e.getMessage());
      case NOT_FOUND -> problem(HttpStatus.NOT_FOUND, "not-found", ConfigController.NOT_FOUND);
      case STALE -> problem(HttpStatus.PRECONDITION_FAILED, "precondition-failed", e.getMessage());
    };
  }

  @ExceptionHandler(SecretRejectedException.class)
  ProblemDetail unreadable(SecretRejectedException e) {
    return problem(HttpStatus.BAD_REQUEST, "config-validation", e.getMessage());
  }

  @ExceptionHandler(AggregateNotFoundException.class)
  ProblemDetail missing(AggregateNotFoundException e) {
    return problem(HttpStatus.NOT_FOUND, "not-found", ConfigController.NOT_FOUND);
  }

  /** Another node changed the config between load and save: the client should re-read. */
  @ExceptionHandler(ConcurrencyException.class)
  ProblemDetail raced(ConcurrencyException e) {
    return problem(
        HttpStatus.CONFLICT, "conflict", "The config was changed concurrently; read it and retry");
  }

  @ExceptionHandler(ProviderSettings.InvalidSettingException.class)
  ProblemDetail badSetting(ProviderSettings.InvalidSettingException e) {
    ProblemDetail problem =
        problem(
            HttpStatus.UNPROCESSABLE_ENTITY,
            "validation-error",
            "Validation failed: " + e.field() + " " + e.getMessage());
    problem.setProperty("errors", List.of(Map.of("field", e.field(), "message", e.getMessage())));
    return problem;
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
