package io.amplifier.appapi.configs.web;

import io.amplifier.appapi.platform.api.InputPatterns;
import io.amplifier.appapi.platform.api.Problem;
import io.amplifier.appapi.platform.api.ProblemMapping;
import java.util.Optional;
import org.springframework.http.HttpStatus;

/** The refusals of this module's web layer that mean the same on config and recipe routes. */
abstract class ConfigsWebProblems implements ProblemMapping {

  /** A malformed {@code tags} filter: 422 naming {@code tags}. */
  static final Problem BAD_TAG_FILTER =
      Problem.of(
              HttpStatus.UNPROCESSABLE_ENTITY,
              "validation-error",
              "Validation failed: " + InputPatterns.TAG_FILTER_MESSAGE)
          .naming("tags", InputPatterns.TAG_FILTER_MESSAGE);

  Optional<Problem> webProblem(Throwable failure) {
    if (failure instanceof InvalidTagFilterException) {
      return Optional.of(BAD_TAG_FILTER);
    }
    if (failure instanceof ProviderSettings.InvalidSettingException e) {
      return Optional.of(Problem.invalid(e.field(), e.getMessage()));
    }
    return Optional.empty();
  }
}
