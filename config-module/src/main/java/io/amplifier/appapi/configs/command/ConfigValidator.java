package io.amplifier.appapi.configs.command;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.amplifier.appapi.configs.api.ConfigErrorCode;

/**
 * The bundle rules of a config document. The first broken rule is reported with its JSON path, e.g.
 * {@code $.providers[1].module: is required}. Unknown sections are accepted; what a provider's
 * settings may reference or reach is a {@link ConfigRules} rule of the module that runs providers.
 */
final class ConfigValidator {

  private ConfigValidator() {}

  static void validate(ObjectNode document) {
    JsonNode bundle = document.get("bundle");
    if (bundle == null || bundle.isNull()) {
      fail("$.bundle", "is required");
    }
    if (!bundle.isObject()) {
      fail("$.bundle", "must be an object");
    }
    JsonNode name = bundle.get("name");
    if (name == null || !name.isTextual() || name.asText().isBlank()) {
      fail("$.bundle.name", "must be a non-empty string");
    }
    listOfObjectsWith(document, "includes", "bundle");
    listOfObjectsWith(document, "providers", "module");
    listOfObjectsWith(document, "tools", "module");
    listOfObjectsWith(document, "hooks", "module");
    JsonNode spawn = document.get("spawn");
    if (spawn != null && !spawn.isNull()) {
      if (!spawn.isObject()) {
        fail("$.spawn", "must be an object");
      }
      boolean tools = spawn.has("tools");
      boolean exclude = spawn.has("exclude_tools");
      if (tools && exclude) {
        fail("$.spawn", "must not have both tools and exclude_tools");
      }
      if (tools && !spawn.get("tools").isArray()) {
        fail("$.spawn.tools", "must be a list");
      }
      if (exclude && !spawn.get("exclude_tools").isArray()) {
        fail("$.spawn.exclude_tools", "must be a list");
      }
    }
  }

  private static void listOfObjectsWith(ObjectNode document, String section, String required) {
    JsonNode list = document.get(section);
    if (list == null || list.isNull()) {
      return;
    }
    if (!list.isArray()) {
      fail("$." + section, "must be a list");
    }
    for (int i = 0; i < list.size(); i++) {
      JsonNode item = list.get(i);
      String path = "$." + section + "[" + i + "]";
      if (!item.isObject()) {
        fail(path, "must be an object");
      }
      JsonNode value = item.get(required);
      if (value == null || value.isNull()) {
        fail(path + "." + required, "is required");
      }
      if ("module".equals(required) && (!value.isTextual() || value.asText().isBlank())) {
        fail(path + "." + required, "must be a non-empty string");
      }
    }
  }

  private static void fail(String path, String message) {
    throw new ConfigRuleException(
        ConfigErrorCode.INVALID, "Config validation error: " + path + ": " + message);
  }
}
