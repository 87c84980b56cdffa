package io.amplifier.appapi.configs.web;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** The top-level section fields a request may give beside {@code config_data}. */
final class ConfigSections {

  private ConfigSections() {}

  static Map<String, JsonNode> of(
      @Nullable JsonNode session,
      @Nullable JsonNode providers,
      @Nullable JsonNode includes,
      @Nullable JsonNode tools) {
    Map<String, JsonNode> sections = new LinkedHashMap<>();
    if (session != null) {
      sections.put("session", session);
    }
    if (providers != null) {
      sections.put("providers", providers);
    }
    if (includes != null) {
      sections.put("includes", includes);
    }
    if (tools != null) {
      sections.put("tools", tools);
    }
    return sections;
  }
}
