package io.amplifier.appapi.sessions.runtime;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.amplifier.appapi.configs.api.ConfigId;
import io.amplifier.appapi.configs.api.ConfigViolation;
import io.amplifier.appapi.configs.api.FindRunnableConfigQuery;
import io.amplifier.appapi.configs.api.RunnableConfig;
import io.amplifier.appapi.sessions.api.FindSessionQuery;
import io.amplifier.appapi.sessions.api.SessionId;
import io.amplifier.appapi.sessions.api.SessionView;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * What a session's config gives a turn: its first provider, that provider's settings and the MCP
 * tool servers with their references resolved in memory, its tool limits and approval policy;
 * changes when the config's format or how its references resolve changes.
 */
@Component
class TurnConfigs {

  private final QueryGateway queries;
  private final Map<String, ChatProvider> providers;
  private final ProviderConfigRules rules;
  private final McpToolServers mcp;
  private final ToolConfigRules toolRules;
  private final ObjectMapper json;
  private final ContextWindow window;

  TurnConfigs(
      QueryGateway queries,
      List<ChatProvider> providers,
      ProviderConfigRules rules,
      McpToolServers mcp,
      ToolConfigRules toolRules,
      ObjectMapper json,
      ContextWindow window) {
    this.queries = queries;
    this.providers = providers.stream().collect(Collectors.toMap(ChatProvider::module, p -> p));
    this.rules = rules;
    this.mcp = mcp;
    this.toolRules = toolRules;
    this.json = json;
    this.window = window;
  }

  /** A config checked to run, with its provider and its references resolved. */
  record Checked(RunnableConfig config, ChatProvider chat, Resolved resolved) {}

  /** The provider's settings and tool servers of a turn, their references resolved in memory. */
  record Resolved(
      ObjectNode providerSettings, List<String> secrets, List<ObjectNode> toolServers) {}

  /** Whether {@code configId}, as {@code ownerId} owns it, can run turns. Empty: no such config. */
  Optional<TurnRunner.Readiness> readiness(String configId, String ownerId) {
    Optional<RunnableConfig> config = runnable(configId, ownerId);
    return config.map(
        c -> {
          JsonNode provider = c.configData().path("providers").path(0);
          String module = provider.path("module").asText("");
          if (module.isEmpty()) {
            return new TurnRunner.Readiness(
                false, "Config has no provider: add one to config_data.providers");
          }
          if (!providers.containsKey(module)) {
            return new TurnRunner.Readiness(
                false,
                "Config's first provider '"
                    + module
                    + "' is not supported by this service; supported: "
                    + providers.keySet());
          }
          return new TurnRunner.Readiness(true, module);
        });
  }

  /**
   * The config {@code configId} of {@code ownerId}, checked to run and its references resolved
   * toward the hosts they go to; refused with {@link TurnNotRunnableException} (naming the field,
   * when a reference resolves to nothing). Done before a turn is opened, and again when a parked
   * one resumes.
   */
  Checked checked(String configId, String ownerId) {
    RunnableConfig config =
        runnable(configId, ownerId)
            .orElseThrow(() -> new TurnNotRunnableException("Config not found: " + configId));
    ChatProvider chat = check(config);
    return new Checked(config, chat, resolve(config, chat));
  }

  /** The prepared turn of a parked one, its session and config read (and resolved) again. */
  TurnRunner.PreparedTurn reopen(ParkedTurns.Stored stored) {
    SessionId id = new SessionId(stored.sessionId());
    SessionView session =
        queries
            .query(
                new FindSessionQuery(id, stored.ownerId(), 0),
                ResponseTypes.optionalInstanceOf(SessionView.class))
            .join()
            .orElseThrow(() -> new TurnNotRunnableException("Session not found"));
    return turn(
        session,
        checked(stored.configId(), stored.ownerId()),
        stored.turnId(),
        stored.openedAt(),
        stored.message(),
        stored.context(),
        stored.actor(),
        stored.clientTools());
  }

  /** A turn of {@code checked} ready to run, its credentials resolved in memory. */
  TurnRunner.PreparedTurn turn(
      SessionView session,
      Checked checked,
      String turnId,
      long opened,
      @Nullable String message,
      @Nullable String context,
      Map<String, Object> actor,
      List<ToolSpec> tools) {
    JsonNode data = checked.config().configData();
    return new TurnRunner.PreparedTurn(
        session,
        turnId,
        opened,
        message,
        window.bound(
            checked.chat(),
            session.sessionId(),
            turnId,
            data,
            checked.resolved().providerSettings(),
            actor,
            checked.resolved().secrets()),
        checked.resolved().providerSettings(),
        checked.resolved().secrets(),
        context,
        checked.resolved().toolServers(),
        AgentLoop.maxRounds(data),
        AgentLoop.maxCallsPerRound(data),
        Map.copyOf(actor),
        ApprovalPolicy.of(data),
        List.copyOf(tools));
  }

  /** What the model is told about the client's context, or null when there is none. */
  @Nullable String contextMessage(@Nullable Map<String, Object> context) {
    if (context == null || context.isEmpty()) {
      return null;
    }
    try {
      return TurnRunner.CONTEXT_PREFIX + json.writeValueAsString(context);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("context is not JSON", e);
    }
  }

  /** The config's first provider, once the config is checked to run (else refused). */
  private ChatProvider check(RunnableConfig config) {
    JsonNode provider = config.configData().path("providers").path(0);
    ChatProvider chat = providers.get(provider.path("module").asText(""));
    if (chat == null) {
      throw new TurnNotRunnableException(
          "Config's first provider is not supported by this service");
    }
    Optional<ConfigViolation> violation = toolRules.check(config.configData());
    if (violation.isPresent()) {
      throw TurnNotRunnableException.invalid(violation.get().path(), violation.get().message());
    }
    return chat;
  }

  private Resolved resolve(RunnableConfig config, ChatProvider chat) {
    JsonNode provider = config.configData().path("providers").path(0);
    ObjectNode providerSettings =
        provider.path("config") instanceof ObjectNode given
            ? given.deepCopy()
            : JsonNodeFactory.instance.objectNode();
    List<String> secrets = new ArrayList<>(config.openedSecrets());
    Redaction.headers(providerSettings, secrets);
    secrets.addAll(
        rules.resolveProvider("$.providers[0].config", providerSettings, chat.defaultBaseUrl()));
    List<ObjectNode> toolServers = mcp.servers(config.configData(), secrets);
    return new Resolved(providerSettings, Redaction.parts(secrets), toolServers);
  }

  private Optional<RunnableConfig> runnable(String configId, String ownerId) {
    ConfigId id;
    try {
      id = ConfigId.parse(configId);
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    return queries
        .query(
            new FindRunnableConfigQuery(id, ownerId),
            ResponseTypes.optionalInstanceOf(RunnableConfig.class))
        .join();
  }
}
