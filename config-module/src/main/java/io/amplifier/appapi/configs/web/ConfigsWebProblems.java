package io.amplifier.appapi.configs.web;

import io.amplifier.appapi.configs.service.DocumentTooLargeException;
import io.amplifier.appapi.configs.service.ForbiddenException;
import io.amplifier.appapi.configs.service.GoneException;
import io.amplifier.appapi.configs.service.InvalidConfigException;
import io.amplifier.appapi.configs.service.InvalidFieldException;
import io.amplifier.appapi.configs.service.NotFoundException;
import io.amplifier.appapi.configs.service.PreconditionFailedException;
import io.amplifier.appapi.platform.api.Problem;
import io.amplifier.appapi.platform.api.ProblemMapping;
import java.util.Optional;
import org.springframework.http.HttpStatus;

/** The refusals of this module's web layer that mean the same on config and recipe routes. */
abstract class ConfigsWebProblems implements ProblemMapping {

  Optional<Problem> webProblem(Throwable failure) {
    if (failure instanceof InvalidTagFilterException) {
      return Optional.of(Problem.TAG_FILTER);
    }
    if (failure instanceof InvalidConfigException e) {
      return Optional.of(
          Problem.of(
                  HttpStatus.BAD_REQUEST,
                  "config-validation",
                  "Config validation error: " + e.field() + ": " + e.getMessage())
              .naming(e.field(), e.getMessage()));
    }
    if (failure instanceof InvalidFieldException e) {
      return Optional.of(Problem.invalid(e.field(), e.getMessage()));
    }
    if (failure instanceof NotFoundException e) {
      return Optional.of(Problem.of(HttpStatus.NOT_FOUND, "not-found", e.getMessage()));
    }
    if (failure instanceof GoneException e) {
      return Optional.of(Problem.of(HttpStatus.GONE, "gone", e.getMessage()));
    }
    if (failure instanceof PreconditionFailedException e) {
      return Optional.of(
          Problem.of(HttpStatus.PRECONDITION_FAILED, "precondition-failed", e.getMessage()));
    }
    if (failure instanceof DocumentTooLargeException e) {
      return Optional.of(
          Problem.of(HttpStatus.PAYLOAD_TOO_LARGE, "payload-too-large", e.getMessage())
              .naming("config_data", "is too large"));
    }
    if (failure instanceof ForbiddenException e) {
      return Optional.of(Problem.of(HttpStatus.FORBIDDEN, "forbidden", e.getMessage()));
    }
    return Optional.empty();
  }
}
