package io.amplifier.appapi.sessions.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import io.amplifier.appapi.configs.api.ConfigRule;
import io.amplifier.appapi.configs.api.ConfigViolation;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * What a config's tools may say, checked when it is written and again when a turn starts: {@code
 * max_tool_rounds} is a whole number from 1 to {@value AgentLoop#MAX_TOOL_ROUNDS}, {@code
 * max_tool_calls_per_round} one from 1 to {@value AgentLoop#MAX_TOOL_CALLS_PER_ROUND}; at most
 * {@value McpToolServers#MAX_SERVERS} {@code tool-mcp} entries, each with a {@code config.url} the
 * outbound policy does not refuse on its face (one holding a {@code ${...}} reference is checked
 * once resolved, when a turn starts), {@code headers} of strings or {@code {"value": "…", "secret":
 * true}} and an {@code allow} list of tool names; {@code approvals} and {@code approval_timeout}
 * are as {@link ApprovalPolicy} says. Entries of other tool modules are kept and not run.
 */
@Component
class ToolConfigRules implements ConfigRule {

  private final OutboundPolicy policy;

  ToolConfigRules(OutboundPolicy policy) {
    this.policy = policy;
  }

  @Override
  public Optional<ConfigViolation> check(JsonNode configData) {
    Optional<ConfigViolation> bound =
        wholeNumber(configData, "max_tool_rounds", AgentLoop.MAX_TOOL_ROUNDS)
            .or(
                () ->
                    wholeNumber(
                        configData,
                        "max_tool_calls_per_round",
                        AgentLoop.MAX_TOOL_CALLS_PER_ROUND));
    if (bound.isPresent()) {
      return bound;
    }
    Optional<ConfigViolation> approvals = ApprovalPolicy.check(configData);
    if (approvals.isPresent()) {
      return approvals;
    }
    JsonNode tools = configData.path("tools");
    int servers = 0;
    for (JsonNode tool : tools) {
      servers += McpToolServers.MODULE.equals(tool.path("module").asText()) ? 1 : 0;
    }
    if (servers > McpToolServers.MAX_SERVERS) {
      return Optional.of(
          new ConfigViolation(
              "$.tools",
              "names "
                  + servers
                  + " tool-mcp servers; a config may name at most "
                  + McpToolServers.MAX_SERVERS));
    }
    for (int i = 0; i < tools.size(); i++) {
      JsonNode tool = tools.get(i);
      if (!McpToolServers.MODULE.equals(tool.path("module").asText())) {
        continue;
      }
      String path = "$.tools[" + i + "].config";
      JsonNode config = tool.path("config");
      if (!config.isObject()) {
        return Optional.of(
            new ConfigViolation(path, "must be an object with the MCP server's url"));
      }
      JsonNode url = config.path("url");
      if (!url.isTextual() || url.asText().isBlank()) {
        return Optional.of(
            new ConfigViolation(
                path + ".url", "is required: the MCP server's streamable HTTP URL"));
      }
      if (url.asText().length() > 2048) {
        return Optional.of(new ConfigViolation(path + ".url", "must be at most 2048 characters"));
      }
      Optional<String> refusal =
          url.asText().contains("${") ? Optional.empty() : policy.urlRefusal(url.asText());
      if (refusal.isPresent()) {
        return Optional.of(new ConfigViolation(path + ".url", refusal.get()));
      }
      JsonNode headers = config.path("headers");
      if (!headers.isMissingNode() && !headers.isNull()) {
        if (!headers.isObject()) {
          return Optional.of(
              new ConfigViolation(
                  path + ".headers", "must be an object of header names and values"));
        }
        for (var it = headers.fields(); it.hasNext(); ) {
          var header = it.next();
          JsonNode value = header.getValue();
          boolean marked =
              value.isObject()
                  && value.path("value").isTextual()
                  && (value.path("secret").isMissingNode() || value.path("secret").isBoolean());
          if (!value.isTextual() && !marked) {
            return Optional.of(
                new ConfigViolation(
                    path + ".headers" + ProviderConfigRules.member(header.getKey()),
                    "must be a string, or {\"value\": \"...\", \"secret\": true}"));
          }
        }
      }
      JsonNode allow = config.path("allow");
      if (!allow.isMissingNode() && !allow.isNull()) {
        if (!allow.isArray()) {
          return Optional.of(new ConfigViolation(path + ".allow", "must be a list of tool names"));
        }
        for (int j = 0; j < allow.size(); j++) {
          if (!allow.get(j).isTextual() || allow.get(j).asText().isBlank()) {
            return Optional.of(
                new ConfigViolation(path + ".allow[" + j + "]", "must be a tool name"));
          }
        }
      }
    }
    return Optional.empty();
  }

  /** A violation when {@code name} is given (not null) and is not a whole number from 1 to max. */
  private static Optional<ConfigViolation> wholeNumber(JsonNode configData, String name, int max) {
    JsonNode value = configData.get(name);
    if (value == null
        || value.isNull()
        || (value.isIntegralNumber()
            && value.canConvertToInt()
            && value.asInt() >= 1
            && value.asInt() <= max)) {
      return Optional.empty();
    }
    return Optional.of(new ConfigViolation("$." + name, "must be a whole number from 1 to " + max));
  }
}
