package io.amplifier.appapi.sessions.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.amplifier.appapi.configs.api.SecretNames;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Keeps a turn's opened secrets (values sealed in its config, resolved {@code ${NAME}} values,
 * credential headers) out of everything the turn records or shows: events, transcript, tool output,
 * stream events and logs.
 */
final class Redaction {

  static final String MARK = "[redacted]";

  private Redaction() {}

  /**
   * The texts to replace for {@code secrets} ({@link SecretNames#redactionParts}), longest first.
   */
  static List<String> parts(List<String> secrets) {
    return secrets.stream()
        .flatMap(s -> SecretNames.redactionParts(s).stream())
        .distinct()
        .sorted(Comparator.comparingInt(String::length).reversed())
        .toList();
  }

  /** {@code text} with every one of {@code secrets} replaced by {@value #MARK}. */
  static String redact(String text, List<String> secrets) {
    String result = text;
    for (String secret : secrets) {
      if (secret.length() >= 4) {
        result = result.replace(secret, MARK);
      }
    }
    return result;
  }

  /**
   * Makes each header of {@code config} given as {@code {"value": "…", "secret": true}} a plain
   * string, as the wire needs it, and adds to {@code secrets} the values of the headers marked so
   * or named as {@link SecretNames#isSecretHeader credentials} ({@code ${NAME}} references are left
   * to the resolver, which answers what it resolved).
   */
  static void headers(JsonNode config, List<String> secrets) {
    if (!(config.path("headers") instanceof ObjectNode headers)) {
      return;
    }
    List<String> names = new ArrayList<>();
    headers.fieldNames().forEachRemaining(names::add);
    for (String name : names) {
      JsonNode header = headers.get(name);
      boolean marked = false;
      if (header.isObject() && header.path("value").isTextual()) {
        marked = header.path("secret").asBoolean(false);
        header = header.get("value");
        headers.set(name, header);
      }
      if ((marked || SecretNames.isSecretHeader(name))
          && header.isTextual()
          && !header.asText().isBlank()
          && !header.asText().startsWith("${")) {
        secrets.add(header.asText());
      }
    }
  }
}
