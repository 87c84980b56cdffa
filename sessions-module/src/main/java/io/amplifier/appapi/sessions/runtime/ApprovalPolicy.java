package io.amplifier.appapi.sessions.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import io.amplifier.appapi.configs.api.ConfigViolation;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A config's {@code approvals}: the {@code default} decision ({@code allow}, {@code ask} or {@code
 * deny}) and per-tool {@code rules}, and {@code approval_timeout} (ISO-8601 or seconds, 1 s to 1 h,
 * default 5 min) after which an unanswered approval takes the default; for a default of {@code ask}
 * that is {@code deny}. A config without {@code approvals} allows every call.
 */
public record ApprovalPolicy(String defaultDecision, Map<String, String> rules, Duration timeout) {

  public static final String ALLOW = "allow";
  public static final String ASK = "ask";
  public static final String DENY = "deny";
  static final Set<String> DECISIONS = Set.of(ALLOW, ASK, DENY);
  static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(5);
  static final Duration MAX_TIMEOUT = Duration.ofHours(1);
  static final int MAX_RULES = 200;

  static final ApprovalPolicy ALLOW_ALL = new ApprovalPolicy(ALLOW, Map.of(), DEFAULT_TIMEOUT);

  /** What the config says of a call of {@code tool}. */
  String decisionFor(String tool) {
    return rules.getOrDefault(tool, defaultDecision);
  }

  /** Whether an approval nobody answered in time lets the call run. */
  boolean allowsOnTimeout() {
    return ALLOW.equals(defaultDecision);
  }

  /** The policy of a config that {@link #check} accepted. */
  static ApprovalPolicy of(JsonNode configData) {
    JsonNode approvals = configData.path("approvals");
    Duration timeout = timeout(configData.get("approval_timeout"));
    if (!approvals.isObject()) {
      return new ApprovalPolicy(ALLOW, Map.of(), timeout == null ? DEFAULT_TIMEOUT : timeout);
    }
    Map<String, String> rules = new HashMap<>();
    JsonNode list = approvals.path("rules");
    for (int i = 0; i < list.size(); i++) {
      rules.putIfAbsent(
          list.get(i).path("tool").asText(), list.get(i).path("decision").asText(ALLOW));
    }
    return new ApprovalPolicy(
        approvals.path("default").asText(ALLOW),
        Map.copyOf(rules),
        timeout == null ? DEFAULT_TIMEOUT : timeout);
  }

  /** The first thing wrong with the config's {@code approvals} or {@code approval_timeout}. */
  static Optional<ConfigViolation> check(JsonNode configData) {
    JsonNode given = configData.get("approval_timeout");
    if (given != null && !given.isNull() && timeout(given) == null) {
      return Optional.of(
          new ConfigViolation(
              "$.approval_timeout",
              "must be an ISO-8601 duration (e.g. PT2M) or whole seconds, from 1 s to 1 h"));
    }
    JsonNode approvals = configData.get("approvals");
    if (approvals == null || approvals.isNull()) {
      return Optional.empty();
    }
    if (!approvals.isObject()) {
      return Optional.of(
          new ConfigViolation("$.approvals", "must be an object with default and rules"));
    }
    JsonNode decision = approvals.get("default");
    if (decision != null && !(decision.isTextual() && DECISIONS.contains(decision.asText()))) {
      return Optional.of(
          new ConfigViolation("$.approvals.default", "must be one of allow, ask, deny"));
    }
    JsonNode rules = approvals.get("rules");
    if (rules == null || rules.isNull()) {
      return Optional.empty();
    }
    if (!rules.isArray() || rules.size() > MAX_RULES) {
      return Optional.of(
          new ConfigViolation(
              "$.approvals.rules", "must be a list of at most " + MAX_RULES + " rules"));
    }
    for (int i = 0; i < rules.size(); i++) {
      String path = "$.approvals.rules[" + i + "]";
      JsonNode tool = rules.get(i).path("tool");
      if (!tool.isTextual() || tool.asText().isBlank() || tool.asText().length() > 128) {
        return Optional.of(
            new ConfigViolation(path + ".tool", "must be a tool name of at most 128 characters"));
      }
      JsonNode ruling = rules.get(i).path("decision");
      if (!ruling.isTextual() || !DECISIONS.contains(ruling.asText())) {
        return Optional.of(
            new ConfigViolation(path + ".decision", "must be one of allow, ask, deny"));
      }
    }
    return Optional.empty();
  }

  private static @Nullable Duration timeout(@Nullable JsonNode given) {
    if (given == null || given.isNull()) {
      return null;
    }
    Duration timeout;
    if (given.isIntegralNumber() && given.canConvertToLong()) {
      timeout = Duration.ofSeconds(given.asLong());
    } else if (given.isTextual()) {
      try {
        timeout = Duration.parse(given.asText());
      } catch (DateTimeParseException e) {
        return null;
      }
    } else {
      return null;
    }
    return timeout.compareTo(Duration.ofSeconds(1)) < 0 || timeout.compareTo(MAX_TIMEOUT) > 0
        ? null
        : timeout;
  }
}
