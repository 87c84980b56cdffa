package io.amplifier.appapi.sessions.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import io.amplifier.appapi.configs.api.ConfigRule;
import io.amplifier.appapi.configs.api.ConfigViolation;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * What a config's context window may say, checked when it is written: {@code
 * session.context.config.max_tokens}, where given, is a whole number above the tokens of the system
 * prompt (the config's {@code instruction}), counted as the first provider's turns count them. The
 * other keys ({@code compact_threshold}, {@code auto_compact}) are never refused, as the original
 * accepts any: a value that does not fit is replaced by the default ({@link ContextWindow}).
 */
@Component
class ContextConfigRules implements ConfigRule {

  static final String MAX_TOKENS = "$.session.context.config.max_tokens";

  private final TokenCounter counter;

  ContextConfigRules(TokenCounter counter) {
    this.counter = counter;
  }

  @Override
  public Optional<ConfigViolation> check(JsonNode configData) {
    JsonNode max = configData.path("session").path("context").path("config").path("max_tokens");
    if (max.isMissingNode() || max.isNull()) {
      return Optional.empty();
    }
    if (!max.isIntegralNumber() || !max.canConvertToInt() || max.asInt() < 1) {
      return Optional.of(
          new ConfigViolation(MAX_TOKENS, "must be a whole number of tokens, at least 1"));
    }
    JsonNode provider = configData.path("providers").path(0);
    int system =
        ContextWindow.systemTokens(
            ContextWindow.instruction(configData),
            counter.of(provider.path("module").asText(""), provider.path("config")));
    if (max.asInt() <= system) {
      return Optional.of(
          new ConfigViolation(
              MAX_TOKENS,
              "must be more than the "
                  + system
                  + " tokens of the system prompt (instruction), which every call sends"));
    }
    return Optional.empty();
  }
}
