package io.amplifier.appapi.audit.web;

import io.amplifier.appapi.audit.query.InvalidAuditInputException;
import io.amplifier.appapi.platform.api.Problem;
import io.amplifier.appapi.platform.api.ProblemMapping;
import java.util.Optional;
import java.util.Set;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/** Turns the audit routes' refused inputs into problems. */
@Component
class AuditProblems implements ProblemMapping {

  @Override
  public Set<Class<?>> controllers() {
    return Set.of(AuditController.class, HistoryController.class);
  }

  @Override
  public Optional<Problem> problemFor(Throwable failure) {
    if (failure instanceof InvalidAuditInputException e) {
      return Optional.of(Problem.invalid(e.field(), e.getMessage()));
    }
    if (failure instanceof NotFoundException e) {
      return Optional.of(Problem.of(HttpStatus.NOT_FOUND, "not-found", e.getMessage()));
    }
    return Optional.empty();
  }
}
