package io.amplifier.appapi.sessions.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import io.amplifier.appapi.configs.api.ConfigRule;
import io.amplifier.appapi.configs.api.ConfigViolation;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * A config's default {@code session.multitask_strategy}, checked when present: one of {@link
 * MultitaskStrategy#NAMES}.
 */
@Component
class MultitaskConfigRule implements ConfigRule {

  static final String PATH = "$.session.multitask_strategy";

  @Override
  public Optional<ConfigViolation> check(JsonNode configData) {
    JsonNode value = configData.path("session").path("multitask_strategy");
    if (value.isMissingNode() || value.isNull()) {
      return Optional.empty();
    }
    try {
      if (value.isTextual()) {
        MultitaskStrategy.parse(value.asText(), PATH);
        return Optional.empty();
      }
    } catch (MultitaskStrategyException e) {
      // answered below
    }
    return Optional.of(new ConfigViolation(PATH, "must be one of " + MultitaskStrategy.NAMES));
  }
}
