package io.amplifier.appapi.sessions.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.amplifier.appapi.configs.api.ConfigRule;
import io.amplifier.appapi.configs.api.ConfigViolation;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * What a provider's settings may reference and reach. At write (through configs' {@link
 * ConfigRule}) {@code base_url} must be http(s) and not point at an address the outbound policy
 * refuses on its face; {@code ${NAME}} and {@code ${NAME:-default}} are data there, accepted in any
 * field and stored verbatim, as the original does. When a turn starts, {@link #resolveProvider} and
 * {@link #resolveServer} resolve them in a copy: a whole {@code ${NAME}} value becomes the
 * variable's value when the name is on {@code PROVIDER_ENV_ALLOWLIST} and bound to the host the
 * settings are sent to, else its {@code :-default}; with neither the turn is refused naming the
 * field.
 */
@Component
class ProviderConfigRules implements ConfigRule {

  private static final Pattern REFERENCE =
      Pattern.compile("^\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?::-(.*))?}$", Pattern.DOTALL);
  private static final Pattern AUTHORITY_HOST = Pattern.compile("^([^:\\[\\]@]+)(?::\\d{1,5})?$");

  private final ProviderSettings settings;
  private final OutboundPolicy policy;

  ProviderConfigRules(ProviderSettings settings, OutboundPolicy policy) {
    this.settings = settings;
    this.policy = policy;
  }

  @Override
  public Optional<ConfigViolation> check(JsonNode configData) {
    JsonNode providers = configData.path("providers");
    for (int i = 0; i < providers.size(); i++) {
      Optional<ConfigViolation> violation =
          providerViolation("$.providers[" + i + "].config", providers.get(i).path("config"));
      if (violation.isPresent()) {
        return violation;
      }
    }
    return Optional.empty();
  }

  /** The URL rules of one provider's settings; a value holding a reference is checked at use. */
  private Optional<ConfigViolation> providerViolation(String path, JsonNode config) {
    JsonNode baseUrl = config.path("base_url");
    if (baseUrl.isTextual() && !baseUrl.asText().isBlank() && !reference(baseUrl)) {
      Optional<String> refusal = policy.urlRefusal(baseUrl.asText());
      if (refusal.isPresent()) {
        return Optional.of(new ConfigViolation(path + ".base_url", refusal.get()));
      }
    }
    JsonNode completions = config.path("completions_path");
    if (completions.isTextual()
        && !reference(completions)
        && (!completions.asText().startsWith("/") || completions.asText().startsWith("//"))) {
      return Optional.of(
          new ConfigViolation(
              path + ".completions_path", "must be a path starting with a single /"));
    }
    return Optional.empty();
  }

  private static boolean reference(JsonNode value) {
    return value.isTextual() && value.asText().contains("${");
  }

  /**
   * Resolves the references of a provider's settings (at {@code path}) in place, toward its {@code
   * base_url} or else {@code defaultBaseUrl} (null: a provider that sends nothing out, where only
   * defaults resolve), and answers the values it put there (so that they can be kept out of error
   * text); throws {@link TurnNotRunnableException} naming the field that cannot resolve.
   */
  List<String> resolveProvider(String path, ObjectNode config, @Nullable String defaultBaseUrl) {
    List<String> resolved = new ArrayList<>();
    String url = resolveUrl(path, config, "base_url", resolved);
    String target = url == null || url.isBlank() ? defaultBaseUrl : url;
    resolveAllBut("base_url", path, config, target == null ? null : hostOf(target), resolved);
    orRefuse(providerViolation(path, config));
    return resolved;
  }

  /**
   * As {@link #resolveProvider}, for an MCP server's settings: toward its {@code url}, which must
   * be given and pass the outbound policy on its face once resolved.
   */
  List<String> resolveServer(String path, ObjectNode config) {
    List<String> resolved = new ArrayList<>();
    String url = resolveUrl(path, config, "url", resolved);
    if (url == null || url.isBlank()) {
      throw refused(path + ".url", "is required: the MCP server's streamable HTTP URL");
    }
    orRefuse(policy.urlRefusal(url).map(why -> new ConfigViolation(path + ".url", why)));
    resolveAllBut("url", path, config, hostOf(url), resolved);
    return resolved;
  }

  /** Resolves every field of {@code config} but {@code field} (resolved already: not again). */
  private void resolveAllBut(
      String field, String path, ObjectNode config, @Nullable String host, List<String> resolved) {
    JsonNode kept = config.remove(field);
    try {
      orRefuse(resolveAll(path, config, host, resolved, true, false));
    } finally {
      if (kept != null) {
        config.set(field, kept);
      }
    }
  }

  /**
   * Resolves {@code config.field} (a URL) toward the host it names once resolved, and answers it.
   */
  private @Nullable String resolveUrl(
      String path, ObjectNode config, String field, List<String> resolved) {
    JsonNode url = config.get(field);
    if (url == null || !url.isTextual()) {
      return null;
    }
    String text = url.asText();
    if (text.contains("${")) {
      Matcher m = REFERENCE.matcher(text);
      String value = m.matches() ? settings.variables().get(m.group(1)) : null;
      String host = value == null ? null : hostOf(value);
      text = orRefuse(resolveValue(path + member(field), text, host, resolved, false));
      config.put(field, text);
    }
    return text;
  }

  /**
   * Resolves every reference under {@code node} in place, toward {@code host}; {@code top}: node is
   * the settings object itself, whose {@code api_key} and {@code headers} are credential fields.
   */
  private Optional<ConfigViolation> resolveAll(
      String path,
      JsonNode node,
      @Nullable String host,
      List<String> resolved,
      boolean top,
      boolean credential) {
    if (node instanceof ObjectNode object) {
      List<String> names = new ArrayList<>();
      object.fieldNames().forEachRemaining(names::add);
      for (String name : names) {
        String fieldPath = path + member(name);
        if (name.contains("${")) {
          return Optional.of(
              new ConfigViolation(fieldPath, "a field name cannot hold a ${...} reference"));
        }
        boolean secret = credential || (top && (name.equals("api_key") || name.equals("headers")));
        Optional<ConfigViolation> violation =
            resolveChild(
                fieldPath, object.get(name), host, resolved, secret, t -> object.set(name, t));
        if (violation.isPresent()) {
          return violation;
        }
      }
    } else if (node instanceof ArrayNode array) {
      for (int i = 0; i < array.size(); i++) {
        String itemPath = path + "[" + i + "]";
        int index = i;
        Optional<ConfigViolation> violation =
            resolveChild(
                itemPath, array.get(i), host, resolved, credential, t -> array.set(index, t));
        if (violation.isPresent()) {
          return violation;
        }
      }
    }
    return Optional.empty();
  }

  /** A text as resolved toward {@code host}, or why it cannot be. */
  /** Resolves one member or item of an object or array; {@code set} puts a resolved text back. */
  private Optional<ConfigViolation> resolveChild(
      String path,
      JsonNode value,
      @Nullable String host,
      List<String> resolved,
      boolean credential,
      Consumer<TextNode> set) {
    if (!value.isTextual()) {
      return resolveAll(path, value, host, resolved, false, credential);
    }
    Resolution resolution = resolveValue(path, value.asText(), host, resolved, credential);
    if (resolution.violation() != null) {
      return Optional.ofNullable(resolution.violation());
    }
    set.accept(new TextNode(resolution.value));
    return Optional.empty();
  }

  private record Resolution(String value, @Nullable ConfigViolation violation) {}

  /**
   * {@code text} resolved toward {@code host}; a name that looks like a credential ({@link
   * #credentialName}) resolves only in a {@code credential} field, where nothing is recorded.
   */
  private Resolution resolveValue(
      String path, String text, @Nullable String host, List<String> resolved, boolean credential) {
    if (!text.contains("${")) {
      return new Resolution(text, null);
    }
    Matcher m = REFERENCE.matcher(text);
    if (!m.matches()) {
      return new Resolution(
          text,
          new ConfigViolation(path, "only a whole ${NAME} or ${NAME:-default} value is resolved"));
    }
    String name = m.group(1);
    String fallback = m.group(2);
    if (host != null
        && settings.envAllowList().contains(name)
        && settings.binds(name, host)
        && (credential || !credentialName(name))) {
      String value = settings.variables().get(name);
      if (value == null) {
        value = fallback != null ? fallback : "";
      } else if (!value.isEmpty()) {
        resolved.add(value);
      }
      return new Resolution(value, null);
    }
    if (fallback != null) {
      return new Resolution(fallback, null);
    }
    return new Resolution(text, new ConfigViolation(path, unresolved(name, host, credential)));
  }

  /**
   * Whether a variable's name says it holds a credential ({@code KEY}, {@code SECRET}, {@code
   * TOKEN}, {@code PASSWORD} or {@code CREDENTIAL}, in any case): such a value may go into {@code
   * api_key} and header values only, never into a field that is recorded or answered ({@code
   * model}, …).
   */
  static boolean credentialName(String name) {
    String upper = name.toUpperCase(java.util.Locale.ROOT);
    return upper.contains("KEY")
        || upper.contains("SECRET")
        || upper.contains("TOKEN")
        || upper.contains("PASSWORD")
        || upper.contains("CREDENTIAL");
  }

  private String unresolved(String name, @Nullable String host, boolean credential) {
    String reference = "${" + name + "}";
    if (ProviderSettings.serviceSetting(name)) {
      return reference + " is a setting of this service and never resolves";
    }
    if (!credential && credentialName(name) && settings.envAllowList().contains(name)) {
      return reference + " holds a credential: it resolves only in api_key and header values";
    }
    if (!settings.envAllowList().contains(name)) {
      return reference
          + " is not on the operator's PROVIDER_ENV_ALLOWLIST "
          + settings.envAllowList()
          + " and has no :-default";
    }
    List<String> bound = settings.bindings().getOrDefault(name, List.of());
    if (bound.isEmpty()) {
      return reference + " is bound to no host in PROVIDER_ENV_ALLOWLIST (write NAME@host)";
    }
    return reference
        + " may be sent only to "
        + bound
        + (host == null ? "; this provider sends nothing out" : ", not to this URL's host");
  }

  private static String orRefuse(Resolution resolution) {
    ConfigViolation violation = resolution.violation;
    if (violation != null) {
      throw refused(violation.path(), violation.message());
    }
    return resolution.value;
  }

  private static void orRefuse(Optional<ConfigViolation> violation) {
    if (violation.isPresent()) {
      throw refused(violation.get().path(), violation.get().message());
    }
  }

  private static TurnNotRunnableException refused(String path, String message) {
    return TurnNotRunnableException.invalid(path, message);
  }

  /**
   * The host of {@code url} as a connection would take it (lower case), or null when it has none.
   */
  static @Nullable String hostOf(String url) {
    try {
      return hostOf(new URI(url.trim()));
    } catch (URISyntaxException e) {
      return null;
    }
  }

  /** As {@link #hostOf(String)}; names such as {@code my_model} are taken from the authority. */
  static @Nullable String hostOf(URI uri) {
    String host = uri.getHost();
    if (host == null && uri.getRawAuthority() != null) {
      Matcher parts = AUTHORITY_HOST.matcher(uri.getRawAuthority());
      host = parts.matches() ? parts.group(1) : null;
    }
    return host == null || host.isBlank() ? null : OutboundPolicy.host(host);
  }

  /** {@code .name}, or {@code ['na.me']} when the key is not a plain identifier. */
  static String member(String key) {
    return key.matches("[A-Za-z_][A-Za-z0-9_]*")
        ? "." + key
        : "['" + key.replace("\\", "\\\\").replace("'", "\\'") + "']";
  }
}
