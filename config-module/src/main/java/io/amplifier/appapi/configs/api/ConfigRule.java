package io.amplifier.appapi.configs.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;

/**
 * A rule another module adds to config validation (e.g. what a provider's settings may reference or
 * reach); checked on every create and update, after the bundle rules.
 */
public interface ConfigRule {

  /** The first violation in {@code configData} (secrets still in clear), or empty. */
  Optional<ConfigViolation> check(JsonNode configData);
}
