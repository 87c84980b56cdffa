package io.amplifier.appapi.audit.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.amplifier.appapi.configs.api.SecretNames;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Folds one entity's events and says what each changed, leaf by leaf ({@code config_data.tools[0]
 * .module}): old and new value for plain fields, only {@code "changed": true} for secrets (by name,
 * a credential header, a URL carrying credentials, or any {@code enc:} value), long texts cut. Not
 * thread-safe: one per entity read.
 */
final class EventChanges {

  static final ObjectMapper SNAKE =
      new ObjectMapper()
          .findAndRegisterModules()
          .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);
  private static final Set<String> IDENTITY =
      Set.of("config_id", "recipe_id", "session_id", "changed_fields", "revision");
  private static final List<String> SECRET_NAMES =
      List.of(
          "api_key",
          "apikey",
          "secret",
          "password",
          "token",
          "credential",
          "private_key",
          "access_key",
          "key_hash");
  private static final int MAX_CHANGES = 100;
  private static final int MAX_TEXT = 200;

  private final Map<String, JsonNode> state = new LinkedHashMap<>();

  /** One field's change; {@code secret} ones carry no values. */
  record Change(
      String field, @Nullable JsonNode oldValue, @Nullable JsonNode newValue, boolean secret) {

    Map<String, Object> toWire() {
      Map<String, Object> wire = new LinkedHashMap<>();
      wire.put("field", field);
      if (secret) {
        wire.put("changed", true);
      } else {
        wire.put("old", oldValue);
        wire.put("new", newValue);
      }
      return wire;
    }
  }

  /** Applies {@code payload} to the folded state and returns what it changed. */
  List<Change> apply(Object payload) {
    JsonNode node = SNAKE.valueToTree(payload);
    Map<String, JsonNode> leaves = new LinkedHashMap<>();
    Set<String> present = new LinkedHashSet<>();
    if (node instanceof ObjectNode object) {
      Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
      while (fields.hasNext()) {
        Map.Entry<String, JsonNode> field = fields.next();
        if (IDENTITY.contains(field.getKey()) || isEntityId(payload, field.getKey())) {
          continue;
        }
        present.add(field.getKey());
        flatten(field.getKey(), field.getValue(), leaves, 0);
      }
    }
    List<Change> changes = new ArrayList<>();
    for (Map.Entry<String, JsonNode> leaf : leaves.entrySet()) {
      JsonNode before = state.get(leaf.getKey());
      if (!leaf.getValue().equals(before)) {
        changes.add(change(leaf.getKey(), before, leaf.getValue()));
      }
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = state.entrySet().iterator(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> old = it.next();
      if (!leaves.containsKey(old.getKey()) && present.contains(top(old.getKey()))) {
        changes.add(change(old.getKey(), old.getValue(), null));
        it.remove();
      }
    }
    state.putAll(leaves);
    return changes.size() > MAX_CHANGES ? changes.subList(0, MAX_CHANGES) : changes;
  }

  /** The distinct top-level fields among {@code changes}, in order. */
  static List<String> fields(List<Change> changes) {
    Set<String> fields = new LinkedHashSet<>();
    changes.forEach(c -> fields.add(top(c.field())));
    return List.copyOf(fields);
  }

  private static boolean isEntityId(Object payload, String field) {
    return field.equals("app_id")
        && payload instanceof io.amplifier.appapi.users.api.ApplicationEvent;
  }

  private static Change change(String field, @Nullable JsonNode before, @Nullable JsonNode after) {
    boolean secret =
        isSecret(field)
            || isSealed(before)
            || isSealed(after)
            || isSecretHeader(field)
            || hasCredentials(before)
            || hasCredentials(after);
    return new Change(field, cut(before), cut(after), secret);
  }

  static boolean isSecret(String path) {
    String name = path.substring(path.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
    int bracket = name.indexOf('[');
    if (bracket >= 0) {
      name = name.substring(0, bracket);
    }
    if (name.endsWith("_tokens")) {
      return false; // usage counts, not credentials
    }
    for (String secret : SECRET_NAMES) {
      if (name.contains(secret)) {
        return true;
      }
    }
    return false;
  }

  /** A member of a {@code headers} object whose name marks a credential ({@link SecretNames}). */
  private static boolean isSecretHeader(String path) {
    int dot = path.lastIndexOf('.');
    if (dot < 0) {
      return false;
    }
    String parent = path.substring(0, dot);
    return (parent.endsWith(".headers") || parent.equals("headers"))
        && SecretNames.isSecretHeader(path.substring(dot + 1));
  }

  private static boolean hasCredentials(@Nullable JsonNode value) {
    return value != null && value.isTextual() && SecretNames.isUrlWithCredentials(value.asText());
  }

  private static boolean isSealed(@Nullable JsonNode value) {
    return value != null && value.isTextual() && value.asText().startsWith("enc:");
  }

  private static @Nullable JsonNode cut(@Nullable JsonNode value) {
    if (value != null && value.isTextual() && value.asText().length() > MAX_TEXT) {
      return JsonNodeFactory.instance.textNode(value.asText().substring(0, MAX_TEXT) + "…");
    }
    return value;
  }

  private static String top(String path) {
    int end = path.length();
    int dot = path.indexOf('.');
    int bracket = path.indexOf('[');
    if (dot >= 0) {
      end = dot;
    }
    if (bracket >= 0 && bracket < end) {
      end = bracket;
    }
    return path.substring(0, end);
  }

  private static void flatten(
      String path, JsonNode value, Map<String, JsonNode> leaves, int depth) {
    if (depth < 12 && value.isObject() && value.size() > 0) {
      value
          .fields()
          .forEachRemaining(f -> flatten(path + "." + f.getKey(), f.getValue(), leaves, depth + 1));
    } else if (depth < 12 && value.isArray() && value.size() > 0) {
      for (int i = 0; i < value.size(); i++) {
        flatten(path + "[" + i + "]", value.get(i), leaves, depth + 1);
      }
    } else if (!value.isNull()) {
      leaves.put(path, value);
    }
  }
}
