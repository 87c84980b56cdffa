package io.amplifier.appapi.users.web;

import io.amplifier.appapi.platform.api.Problem;
import io.amplifier.appapi.platform.api.ProblemMapping;
import io.amplifier.appapi.users.command.ApplicationRuleException;
import io.amplifier.appapi.users.service.ForbiddenException;
import io.amplifier.appapi.users.service.NotFoundException;
import java.util.Optional;
import java.util.Set;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/** Answers for the quota routes: bad input names its field, an unknown application is a 404. */
@Component
class QuotaProblems implements ProblemMapping {

  @Override
  public Set<Class<?>> controllers() {
    return Set.of(QuotaController.class);
  }

  @Override
  public Optional<Problem> problemFor(Throwable failure) {
    if (failure instanceof QuotaInputException e) {
      return Optional.of(
          Problem.of(HttpStatus.BAD_REQUEST, "usage-validation", e.getMessage())
              .naming(e.field(), e.getMessage()));
    }
    if (failure instanceof ForbiddenException e) {
      return Optional.of(Problem.of(HttpStatus.FORBIDDEN, "forbidden", e.getMessage()));
    }
    if (failure instanceof NotFoundException
        || failure instanceof AggregateNotFoundException
        || failure instanceof ApplicationRuleException) {
      return Optional.of(Problem.of(HttpStatus.NOT_FOUND, "not-found", "Application not found"));
    }
    return Optional.empty();
  }
}
