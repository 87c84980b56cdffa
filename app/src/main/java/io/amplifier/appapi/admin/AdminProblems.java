package io.amplifier.appapi.admin;

import io.amplifier.appapi.platform.api.Problem;
import io.amplifier.appapi.platform.api.ProblemMapping;
import java.util.Optional;
import java.util.Set;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/** Turns the operations routes' refusals into problems. */
@Component
class AdminProblems implements ProblemMapping {

  @Override
  public Set<Class<?>> controllers() {
    return Set.of(
        DeadLetterController.class, ProjectionAdminController.class, SmokeTestController.class);
  }

  @Override
  public Optional<Problem> problemFor(Throwable failure) {
    if (failure instanceof NotFoundException e) {
      return Optional.of(Problem.of(HttpStatus.NOT_FOUND, "not-found", e.getMessage()));
    }
    if (failure instanceof ConflictException e) {
      return Optional.of(Problem.of(HttpStatus.CONFLICT, "conflict", e.getMessage()));
    }
    if (failure instanceof ForbiddenException e) {
      return Optional.of(Problem.of(HttpStatus.FORBIDDEN, "forbidden", e.getMessage()));
    }
    return Optional.empty();
  }
}
