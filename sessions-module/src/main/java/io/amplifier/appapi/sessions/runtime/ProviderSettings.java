package io.amplifier.appapi.sessions.runtime;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.springframework.core.env.Environment;

/**
 * What provider calls may use and reach, read once at start-up. {@code PROVIDER_ENV_ALLOWLIST}
 * names the variables a config may reference as {@code ${NAME}} (their values are read here, never
 * on a request), each bound to the hosts its value may be sent to: {@code NAME@host1|host2} (a host
 * name, an IP address, or {@code *.domain} for any name under it); a bare {@code NAME} is bound to
 * its provider's official host when it is a known name ({@link #KNOWN_BINDINGS}), else to no host
 * at all (it never resolves). The service's own settings are never among them. {@code
 * PROVIDER_ALLOWED_HOSTS} (host[:port] or CIDR, comma-separated) lifts the outbound policy for
 * named destinations; {@code PROVIDER_TURN_TIMEOUT} bounds a whole turn and {@code
 * PROVIDER_MAX_REPLY_CHARS} its reply.
 */
record ProviderSettings(
    Set<String> envAllowList,
    Map<String, List<String>> bindings,
    Map<String, String> variables,
    List<String> allowedHosts,
    boolean devMode,
    Duration idleTimeout,
    Duration turnTimeout,
    int maxReplyChars) {

  static final String DEFAULT_ALLOWLIST = "OPENAI_API_KEY,ANTHROPIC_API_KEY,AZURE_OPENAI_API_KEY";

  /** The hosts a bare known name of the allow-list is bound to: its provider's official API. */
  static final Map<String, List<String>> KNOWN_BINDINGS =
      Map.of(
          "OPENAI_API_KEY", List.of("api.openai.com"),
          "ANTHROPIC_API_KEY", List.of("api.anthropic.com"),
          "AZURE_OPENAI_API_KEY", List.of("*.openai.azure.com"));

  private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  private static final Pattern HOST =
      Pattern.compile("(\\*\\.)?[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*");

  static ProviderSettings from(Environment env, Duration idleTimeout) {
    Set<String> allowed = new LinkedHashSet<>();
    Map<String, List<String>> bindings = new LinkedHashMap<>();
    Map<String, String> values = new LinkedHashMap<>();
    for (String entry : split(env.getProperty("PROVIDER_ENV_ALLOWLIST", DEFAULT_ALLOWLIST))) {
      int at = entry.indexOf('@');
      String name = (at < 0 ? entry : entry.substring(0, at)).trim();
      if (NAME.matcher(name).matches() && !serviceSetting(name)) {
        allowed.add(name);
        bindings.put(
            name,
            at < 0 ? KNOWN_BINDINGS.getOrDefault(name, List.of()) : hosts(entry.substring(at + 1)));
        String value = env.getProperty(name);
        if (value != null) {
          values.put(name, value);
        }
      }
    }
    boolean authRequired = Boolean.parseBoolean(env.getProperty("AUTH_REQUIRED", "false").trim());
    int maxChars = Integer.parseInt(env.getProperty("PROVIDER_MAX_REPLY_CHARS", "1000000").trim());
    if (maxChars < 1) {
      throw new IllegalStateException("PROVIDER_MAX_REPLY_CHARS must be positive");
    }
    return new ProviderSettings(
        Set.copyOf(allowed),
        Map.copyOf(bindings),
        Map.copyOf(values),
        split(env.getProperty("PROVIDER_ALLOWED_HOSTS", "")),
        !authRequired,
        idleTimeout,
        duration("PROVIDER_TURN_TIMEOUT", env.getProperty("PROVIDER_TURN_TIMEOUT", "PT10M")),
        maxChars);
  }

  /**
   * The host patterns of one {@code NAME@host1|host2} entry, refused at start-up when malformed.
   */
  private static List<String> hosts(String list) {
    List<String> hosts = new java.util.ArrayList<>();
    for (String raw : list.split("\\|")) {
      String host = OutboundPolicy.host(raw.trim());
      if (host.isEmpty()) {
        continue;
      }
      if (OutboundPolicy.literal(host) == null && !HOST.matcher(host).matches()) {
        throw new IllegalStateException(
            "PROVIDER_ENV_ALLOWLIST: '"
                + raw.trim()
                + "' is not a host name, an IP address or *.domain");
      }
      hosts.add(host);
    }
    return List.copyOf(hosts);
  }

  /**
   * Whether {@code name} is allowed and bound to {@code host} (a URL's host, in any case): equal to
   * one of its hosts (addresses compared as addresses), or under one of its {@code *.domain}s.
   */
  boolean binds(String name, String host) {
    if (serviceSetting(name)) {
      return false;
    }
    String wanted = OutboundPolicy.host(host);
    java.net.InetAddress address = OutboundPolicy.literal(wanted);
    for (String bound : bindings.getOrDefault(name, List.of())) {
      if (bound.startsWith("*.")
          ? address == null && wanted.endsWith(bound.substring(1))
          : bound.equals(wanted)
              || (address != null && address.equals(OutboundPolicy.literal(bound)))) {
        return true;
      }
    }
    return false;
  }

  /**
   * The service's own settings, never resolvable even when listed: {@code CONFIG_ENCRYPTION_KEY*},
   * {@code SECRET_KEY}, {@code ADMIN_API_KEY}, {@code DATABASE_URL} and any name with {@code
   * PASSWORD}, in any case (Spring's environment matches names loosely).
   */
  static boolean serviceSetting(String name) {
    String upper = name.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    return upper.startsWith("CONFIG_ENCRYPTION_KEY")
        || upper.equals("SECRET_KEY")
        || upper.equals("ADMIN_API_KEY")
        || upper.equals("DATABASE_URL")
        || upper.contains("PASSWORD");
  }

  /** An ISO-8601 duration ({@code PT10M}) or whole seconds ({@code 600}). */
  static Duration duration(String setting, String text) {
    String value = text.trim();
    try {
      Duration parsed =
          value.matches("\\d+") ? Duration.ofSeconds(Long.parseLong(value)) : Duration.parse(value);
      if (parsed.isNegative() || parsed.isZero()) {
        throw new IllegalStateException(setting + " must be positive");
      }
      return parsed;
    } catch (DateTimeParseException e) {
      throw new IllegalStateException(
          setting + " must be an ISO-8601 duration (PT10M) or seconds, not '" + value + "'", e);
    }
  }

  private static List<String> split(String list) {
    return Arrays.stream(list.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
  }

  /** Never prints the variables' values. */
  @Override
  public String toString() {
    return "ProviderSettings[envAllowList="
        + envAllowList
        + ", bindings="
        + bindings
        + ", allowedHosts="
        + allowedHosts
        + ", devMode="
        + devMode
        + ", idleTimeout="
        + idleTimeout
        + ", turnTimeout="
        + turnTimeout
        + ", maxReplyChars="
        + maxReplyChars
        + "]";
  }
}
