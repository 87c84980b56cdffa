package io.amplifier.appapi.configs.service;

import com.fasterxml.jackson.databind.JsonNode;
import org.jspecify.annotations.Nullable;

/**
 * Bounds on provider settings that would otherwise let one config hold a service thread: the
 * built-in echo provider's {@code config.delay_ms} (a pause per word) is at most {@value
 * #MAX_ECHO_DELAY_MS} ms. Checked where a config is written; the provider checks again when it
 * runs.
 */
public final class ProviderSettings {

  static final long MAX_ECHO_DELAY_MS = 10_000;

  private ProviderSettings() {}

  public static void check(@Nullable JsonNode configData, @Nullable JsonNode providers) {
    if (configData != null) {
      providers(configData.get("providers"), "config_data.providers");
    }
    providers(providers, "providers");
  }

  private static void providers(@Nullable JsonNode providers, String path) {
    if (providers == null || !providers.isArray()) {
      return;
    }
    for (int i = 0; i < providers.size(); i++) {
      JsonNode provider = providers.get(i);
      if (!"provider-echo".equals(provider.path("module").asText())) {
        continue;
      }
      JsonNode delay = provider.path("config").get("delay_ms");
      if (delay == null || delay.isNull()) {
        continue;
      }
      String field = path + "[" + i + "].config.delay_ms";
      double value = delay.asDouble(0);
      if (value < 0 || value > MAX_ECHO_DELAY_MS) {
        throw new InvalidConfigException(field, "must be a number from 0 to " + MAX_ECHO_DELAY_MS);
      }
    }
  }
}
