package io.amplifier.appapi.webhooks.web;

import io.amplifier.appapi.platform.api.Problem;
import io.amplifier.appapi.platform.api.ProblemMapping;
import java.util.Optional;
import java.util.Set;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/** Turns the webhook routes' refusals into problems. */
@Component
class WebhookProblems implements ProblemMapping {

  @Override
  public Set<Class<?>> controllers() {
    return Set.of(WebhookController.class);
  }

  @Override
  public Optional<Problem> problemFor(Throwable failure) {
    if (!(failure instanceof WebhookRefusal e)) {
      return Optional.empty();
    }
    Problem problem =
        switch (e.slug) {
          case "webhook-validation" ->
              Problem.of(HttpStatus.BAD_REQUEST, "webhook-validation", e.getMessage());
          case "not-found" -> Problem.of(HttpStatus.NOT_FOUND, "not-found", e.getMessage());
          case "forbidden" -> Problem.of(HttpStatus.FORBIDDEN, "forbidden", e.getMessage());
          default -> Problem.of(HttpStatus.CONFLICT, "conflict", e.getMessage());
        };
    return Optional.of(e.field == null ? problem : problem.naming(e.field, e.getMessage()));
  }
}
