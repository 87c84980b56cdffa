package io.amplifier.appapi.configs.command;

import com.fasterxml.jackson.databind.JsonNode;
import io.amplifier.appapi.configs.api.ConfigErrorCode;
import io.amplifier.appapi.configs.api.ConfigRule;
import io.amplifier.appapi.configs.api.ConfigViolation;
import java.util.List;
import java.util.Optional;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * The {@link ConfigRule}s other modules contribute, applied by the aggregate on create and update.
 */
@Component
class ConfigRules {

  private final List<ConfigRule> rules;

  @Autowired
  ConfigRules(ObjectProvider<ConfigRule> rules) {
    this(rules.orderedStream().toList());
  }

  ConfigRules(List<ConfigRule> rules) {
    this.rules = List.copyOf(rules);
  }

  /** Throws {@code Config validation error: <path>: <message>} for the first broken rule. */
  void validate(JsonNode document) {
    for (ConfigRule rule : rules) {
      Optional<ConfigViolation> violation = rule.check(document);
      if (violation.isPresent()) {
        throw new ConfigRuleException(
            ConfigErrorCode.INVALID,
            "Config validation error: "
                + violation.get().path()
                + ": "
                + violation.get().message());
      }
    }
  }
}
