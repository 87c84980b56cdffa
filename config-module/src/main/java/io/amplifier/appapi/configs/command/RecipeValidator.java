package io.amplifier.appapi.configs.command;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.amplifier.appapi.configs.api.RecipeErrorCode;
import java.util.HashSet;
import java.util.Set;

/**
 * The rules of a recipe document. The first broken rule is reported naming the field, and for a
 * step its index and id, e.g. {@code recipe_data.steps[1].command}.
 */
final class RecipeValidator {

  private RecipeValidator() {}

  static String validate(ObjectNode recipe) {
    JsonNode name = recipe.get("name");
    if (name == null || !name.isTextual() || name.asText().isBlank()) {
      fail("recipe_data.name", "must be a non-empty string");
    }
    for (String field : new String[] {"description", "version", "author"}) {
      JsonNode value = recipe.get(field);
      if (value != null && !value.isNull() && !value.isTextual()) {
        fail("recipe_data." + field, "must be a string");
      }
    }
    JsonNode tags = recipe.get("tags");
    if (tags != null && !tags.isNull() && !tags.isArray()) {
      fail("recipe_data.tags", "must be an array");
    }
    JsonNode context = recipe.get("context");
    if (context != null && !context.isNull() && !context.isObject()) {
      fail("recipe_data.context", "must be an object");
    }
    JsonNode steps = recipe.get("steps");
    if (steps == null || !steps.isArray() || steps.isEmpty()) {
      fail("recipe_data.steps", "must be a non-empty array");
    }
    Set<String> earlier = new HashSet<>();
    for (int i = 0; i < steps.size(); i++) {
      JsonNode step = steps.get(i);
      String at = "recipe_data.steps[" + i + "]";
      if (!step.isObject()) {
        fail(at, "must be an object");
      }
      JsonNode id = step.get("id");
      if (id == null || !id.isTextual() || id.asText().isBlank()) {
        fail(at + ".id", "must be a non-empty string");
      }
      String stepId = id.asText();
      String label = at + " (id '" + stepId + "')";
      if (earlier.contains(stepId)) {
        fail(at + ".id", "duplicates an earlier step id '" + stepId + "'");
      }
      JsonNode type = step.get("type");
      if (type == null || !type.isTextual() || type.asText().isBlank()) {
        fail(at + ".type", "is required (" + label + ")");
      }
      JsonNode timeout = step.get("timeout");
      if (timeout != null
          && !timeout.isNull()
          && (!timeout.isNumber() || timeout.asDouble() <= 0)) {
        fail(at + ".timeout", "must be a number greater than 0 (" + label + ")");
      }
      JsonNode dependsOn = step.get("depends_on");
      if (dependsOn != null && !dependsOn.isNull()) {
        if (!dependsOn.isArray()) {
          fail(at + ".depends_on", "must be an array of step ids (" + label + ")");
        }
        for (JsonNode dependency : dependsOn) {
          if (!dependency.isTextual() || !earlier.contains(dependency.asText())) {
            fail(
                at + ".depends_on",
                "may only name earlier steps; '"
                    + dependency.asText()
                    + "' is not one ("
                    + label
                    + ")");
          }
        }
      }
      switch (type.asText()) {
        case "bash" -> requireText(step, at, label, "command");
        case "recipe" -> requireText(step, at, label, "recipe");
        case "agent" -> {
          requireText(step, at, label, "agent");
          requireText(step, at, label, "prompt");
        }
        default -> {
          // other step types carry their own settings
        }
      }
      earlier.add(stepId);
    }
    return name.asText();
  }

  private static void requireText(JsonNode step, String at, String label, String field) {
    JsonNode value = step.get(field);
    if (value == null || !value.isTextual() || value.asText().isBlank()) {
      fail(
          at + "." + field,
          "is required for a " + step.get("type").asText() + " step (" + label + ")");
    }
  }

  private static void fail(String field, String message) {
    throw new RecipeRuleException(
        RecipeErrorCode.INVALID, field, "Recipe validation error: " + field + ": " + message);
  }
}
