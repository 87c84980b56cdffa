package io.amplifier.appapi.sessions.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.amplifier.appapi.configs.api.ConfigRule;
import io.amplifier.appapi.configs.api.ConfigViolation;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;

/**
 * What a provider's settings may reference and reach, checked when a config is written (through
 * configs' {@link ConfigRule}) and again when a turn starts. {@code ${NAME}} and {@code
 * ${NAME:-default}} resolve only as a whole credential value ({@code api_key}, a value in {@code
 * headers}) and only for names on {@code PROVIDER_ENV_ALLOWLIST}; {@code base_url} must be http(s)
 * and not point at an address the outbound policy refuses on its face.
 */
@Component
class ProviderConfigRules implements ConfigRule {

  private static final Pattern REFERENCE =
      Pattern.compile("^\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?::-(.*))?}$", Pattern.DOTALL);

  private final ProviderSettings settings;
  private final OutboundPolicy policy;

  ProviderConfigRules(ProviderSettings settings, OutboundPolicy policy) {
    this.settings = settings;
    this.policy = policy;
  }

  @Override
  public Optional<ConfigViolation> check(JsonNode configData) {
    Optional<ConfigViolation> reference = referenceViolation(configData);
    if (reference.isPresent()) {
      return reference;
    }
    JsonNode providers = configData.path("providers");
    for (int i = 0; i < providers.size(); i++) {
      JsonNode config = providers.get(i).path("config");
      String path = "$.providers[" + i + "].config";
      JsonNode baseUrl = config.path("base_url");
      if (baseUrl.isTextual() && !baseUrl.asText().isBlank()) {
        Optional<String> refusal = policy.urlRefusal(baseUrl.asText());
        if (refusal.isPresent()) {
          return Optional.of(new ConfigViolation(path + ".base_url", refusal.get()));
        }
      }
      JsonNode completions = config.path("completions_path");
      if (completions.isTextual()
          && (!completions.asText().startsWith("/") || completions.asText().startsWith("//"))) {
        return Optional.of(
            new ConfigViolation(
                path + ".completions_path", "must be a path starting with a single /"));
      }
    }
    return Optional.empty();
  }

  /** The first {@code ${...}} in a provider's settings that would not resolve, or empty. */
  Optional<ConfigViolation> referenceViolation(JsonNode configData) {
    JsonNode providers = configData.path("providers");
    for (int i = 0; i < providers.size(); i++) {
      JsonNode config = providers.get(i).path("config");
      String path = "$.providers[" + i + "].config";
      Iterator<Map.Entry<String, JsonNode>> fields = config.fields();
      while (fields.hasNext()) {
        Map.Entry<String, JsonNode> field = fields.next();
        String fieldPath = path + member(field.getKey());
        Optional<ConfigViolation> violation;
        if (field.getKey().equals("api_key") && field.getValue().isTextual()) {
          violation = credential(fieldPath, field.getValue().asText());
        } else if (field.getKey().equals("headers") && field.getValue().isObject()) {
          violation = headers(fieldPath, field.getValue());
        } else {
          violation = plain(fieldPath, field.getValue());
        }
        if (violation.isPresent()) {
          return violation;
        }
      }
    }
    return Optional.empty();
  }

  /**
   * Resolves the references in a provider's credential fields, in place, and answers the values it
   * put there (so that they can be kept out of error text).
   */
  List<String> resolve(ObjectNode config) {
    List<String> resolved = new ArrayList<>();
    if (config.path("api_key").isTextual()) {
      resolveField(config, "api_key", resolved);
    }
    if (config.path("headers") instanceof ObjectNode headers) {
      List<String> names = new ArrayList<>();
      headers.fieldNames().forEachRemaining(names::add);
      for (String name : names) {
        if (headers.get(name).isTextual()) {
          resolveField(headers, name, resolved);
        }
      }
    }
    return resolved;
  }

  private void resolveField(ObjectNode owner, String name, List<String> resolved) {
    Matcher m = REFERENCE.matcher(owner.get(name).asText());
    if (!m.matches() || !allowed(m.group(1))) {
      return;
    }
    String value = settings.variables().get(m.group(1));
    if (value == null) {
      value = m.group(2) != null ? m.group(2) : "";
    } else if (!value.isEmpty()) {
      resolved.add(value);
    }
    owner.put(name, value);
  }

  /**
   * The first header value of {@code headers} (at {@code path}) whose {@code ${...}} would not
   * resolve.
   */
  Optional<ConfigViolation> headerReferences(String path, JsonNode headers) {
    return headers(path, headers);
  }

  private Optional<ConfigViolation> headers(String path, JsonNode headers) {
    Iterator<Map.Entry<String, JsonNode>> fields = headers.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> header = fields.next();
      String headerPath = path + member(header.getKey());
      if (header.getKey().contains("${")) {
        return Optional.of(
            new ConfigViolation(headerPath, "a header name cannot hold a ${...} reference"));
      }
      Optional<ConfigViolation> violation =
          header.getValue().isTextual()
              ? credential(headerPath, header.getValue().asText())
              : plain(headerPath, header.getValue());
      if (violation.isPresent()) {
        return violation;
      }
    }
    return Optional.empty();
  }

  private Optional<ConfigViolation> credential(String path, String value) {
    if (!value.contains("${")) {
      return Optional.empty();
    }
    Matcher m = REFERENCE.matcher(value);
    if (!m.matches()) {
      return Optional.of(
          new ConfigViolation(path, "only a whole ${NAME} or ${NAME:-default} value is resolved"));
    }
    String name = m.group(1);
    if (ProviderSettings.serviceSetting(name)) {
      return Optional.of(
          new ConfigViolation(
              path, "${" + name + "} is a setting of this service and never resolves"));
    }
    if (!allowed(name)) {
      return Optional.of(
          new ConfigViolation(
              path,
              "${"
                  + name
                  + "} is not on the operator's PROVIDER_ENV_ALLOWLIST "
                  + settings.envAllowList()));
    }
    return Optional.empty();
  }

  private static Optional<ConfigViolation> plain(String path, JsonNode value) {
    if (value.isTextual() && value.asText().contains("${")) {
      return Optional.of(
          new ConfigViolation(path, "${...} references resolve only in api_key and header values"));
    }
    if (value.isObject()) {
      Iterator<Map.Entry<String, JsonNode>> fields = value.fields();
      while (fields.hasNext()) {
        Map.Entry<String, JsonNode> field = fields.next();
        if (field.getKey().contains("${")) {
          return Optional.of(
              new ConfigViolation(
                  path + member(field.getKey()),
                  "${...} references resolve only in api_key and header values"));
        }
        Optional<ConfigViolation> violation =
            plain(path + member(field.getKey()), field.getValue());
        if (violation.isPresent()) {
          return violation;
        }
      }
    } else if (value.isArray()) {
      for (int i = 0; i < value.size(); i++) {
        Optional<ConfigViolation> violation = plain(path + "[" + i + "]", value.get(i));
        if (violation.isPresent()) {
          return violation;
        }
      }
    }
    return Optional.empty();
  }

  private boolean allowed(String name) {
    return settings.envAllowList().contains(name) && !ProviderSettings.serviceSetting(name);
  }

  /** {@code .name}, or {@code ['na.me']} when the key is not a plain identifier. */
  private static String member(String key) {
    return key.matches("[A-Za-z_][A-Za-z0-9_]*")
        ? "." + key
        : "['" + key.replace("\\", "\\\\").replace("'", "\\'") + "']";
  }
}
