package io.amplifier.appapi.sessions.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.amplifier.appapi.configs.api.ConfigId;
import io.amplifier.appapi.configs.api.FindRunnableConfigQuery;
import io.amplifier.appapi.configs.api.RunnableConfig;
import io.amplifier.appapi.sessions.api.CancelSessionTurnCommand;
import io.amplifier.appapi.sessions.api.FailSessionTurnCommand;
import io.amplifier.appapi.sessions.api.RecordSessionReplyCommand;
import io.amplifier.appapi.sessions.api.SessionTurnCancelRequestedEvent;
import io.amplifier.appapi.sessions.api.SessionView;
import io.amplifier.appapi.sessions.api.SubmitSessionMessageCommand;
import io.amplifier.appapi.sessions.api.Transcript;
import io.amplifier.appapi.sessions.api.TranscriptQuery;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;

/**
 * Runs a turn: checks the config can run, opens the turn (a command: one at a time per session),
 * sends the whole transcript to the config's first provider, streams its deltas, and closes the
 * turn with the reply, a failure or a cancellation (all events; deltas are not).
 */
@Component
public class TurnRunner {

  private static final Logger log = LoggerFactory.getLogger(TurnRunner.class);
  private static final Pattern VARIABLE = Pattern.compile("^\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?::-(.*))?}$");
  private static final long CANCEL_POLL_NANOS = 200_000_000L;

  private final CommandGateway commands;
  private final QueryGateway queries;
  private final Map<String, ChatProvider> providers;
  private final CancelSignals cancelSignals;
  private final EventStore eventStore;
  private final TurnLeases leases;
  private final TurnThreads threads;

  TurnRunner(
      CommandGateway commands,
      QueryGateway queries,
      List<ChatProvider> providers,
      CancelSignals cancelSignals,
      EventStore eventStore,
      TurnLeases leases,
      TurnThreads threads) {
    this.commands = commands;
    this.queries = queries;
    this.providers =
        providers.stream().collect(java.util.stream.Collectors.toMap(ChatProvider::module, p -> p));
    this.cancelSignals = cancelSignals;
    this.eventStore = eventStore;
    this.leases = leases;
    this.threads = threads;
  }

  /** Why a config cannot run a turn, or the provider module it runs with. */
  public record Readiness(boolean runnable, String detail) {}

  /** A turn that has been opened and is ready to run. */
  public record PreparedTurn(
      SessionView session, String turnId, long openedAt, ChatProvider provider, JsonNode settings) {}

  /** How a turn ended. */
  public record Outcome(
      String turnId,
      String content,
      Map<String, Object> usage,
      boolean cancelled,
      String error,
      long version) {}

  /** Whether {@code configId}, as {@code ownerId} owns it, can run turns. Empty: no such config. */
  public Optional<Readiness> readiness(String configId, String ownerId) {
    Optional<RunnableConfig> config = runnable(configId, ownerId);
    return config.map(c -> {
      JsonNode provider = c.configData().path("providers").path(0);
      String module = provider.path("module").asText("");
      if (module.isEmpty()) {
        return new Readiness(false, "Config has no provider: add one to config_data.providers");
      }
      if (!providers.containsKey(module)) {
        return new Readiness(false, "Config's first provider '" + module + "' is not supported by this service; supported: " + providers.keySet());
      }
      return new Readiness(true, module);
    });
  }

  /** Opens a turn; throws the session's rule exceptions (not found, closed, turn running). */
  public PreparedTurn prepare(SessionView session, String requesterId, String message) {
    RunnableConfig config =
        runnable(session.configId(), session.ownerId())
            .orElseThrow(() -> new TurnNotRunnableException("Config not found: " + session.configId()));
    JsonNode provider = config.configData().path("providers").path(0);
    ChatProvider chat = providers.get(provider.path("module").asText(""));
    if (chat == null) {
      throw new TurnNotRunnableException("Config's first provider is not supported by this service");
    }
    freeIfOrphaned(session, false);
    String turnId = UUID.randomUUID().toString();
    leases.acquire(session.sessionId(), turnId);
    long opened;
    try {
      opened =
          commands.sendAndWait(new SubmitSessionMessageCommand(session.sessionId(), requesterId, turnId, message));
    } catch (RuntimeException refused) {
      leases.release(turnId);
      throw refused;
    }
    JsonNode settings = resolveVariables(provider.path("config").isObject() ? provider.get("config").deepCopy() : JsonNodeFactory.instance.objectNode());
    return new PreparedTurn(session, turnId, opened, chat, settings);
  }

  /**
   * Runs a prepared turn on a turn thread (not the request's), with the request's context (caller,
   * request id) carried along; the future completes with its outcome. Refused at once with
   * {@link TurnCapacityException} when this node runs as many turns as it may.
   */
  public CompletableFuture<Outcome> start(PreparedTurn turn, Consumer<String> onDelta, boolean stream) {
    CompletableFuture<Outcome> outcome = new CompletableFuture<>();
    RequestAttributes request = RequestContextHolder.getRequestAttributes();
    Map<String, String> logContext = MDC.getCopyOfContextMap();
    try {
      threads.run(() -> {
        RequestContextHolder.setRequestAttributes(request);
        if (logContext != null) {
          MDC.setContextMap(logContext);
        }
        try {
          outcome.complete(execute(turn, onDelta, stream));
        } catch (RuntimeException | Error e) {
          outcome.completeExceptionally(e);
        } finally {
          RequestContextHolder.resetRequestAttributes();
          MDC.clear();
        }
      });
    } catch (TurnCapacityException full) {
      refuse(turn, full);
      throw full;
    }
    return outcome;
  }

  /** Closes a turn that could not be started at all as failed, so the session is not left busy. */
  private void refuse(PreparedTurn turn, TurnCapacityException reason) {
    try {
      commands.sendAndWait(
          new FailSessionTurnCommand(turn.session().sessionId(), turn.turnId(), reason.getMessage(), false));
    } catch (RuntimeException e) {
      log.warn("Could not record the refusal of turn {}: {}", turn.turnId(), e.toString());
    } finally {
      leases.release(turn.turnId());
    }
  }

  /**
   * Asks the session's running turn to stop. A turn that no node runs any more (its lease lapsed or
   * vanished) is ended at once, as cancelled, so the session is free again.
   */
  public void cancel(SessionView session, String requesterId) {
    commands.sendAndWait(new CancelSessionTurnCommand(session.sessionId(), requesterId));
    freeIfOrphaned(session, true);
  }

  private void freeIfOrphaned(SessionView session, boolean cancelled) {
    String running = session.runningTurn();
    if (running != null && leases.orphaned(running)) {
      leases.endOrphan(session.sessionId(), running, cancelled);
    }
  }

  /** Runs a prepared turn to its end, streaming deltas to {@code onDelta}; never throws. */
  public Outcome execute(PreparedTurn turn, Consumer<String> onDelta) {
    return execute(turn, onDelta, true);
  }

  /** As {@link #execute(PreparedTurn, Consumer)}; {@code stream=false} asks for one plain reply. */
  public Outcome execute(PreparedTurn turn, Consumer<String> onDelta, boolean stream) {
    AtomicBoolean flag = cancelSignals.register(turn.turnId());
    StringBuilder partial = new StringBuilder();
    try {
      Transcript transcript =
          queries.query(new TranscriptQuery(turn.session().sessionId(), 0, 100_000, turn.openedAt()),
              ResponseTypes.instanceOf(Transcript.class)).join();
      List<ChatMessage> history =
          transcript.entries().stream().map(e -> new ChatMessage(e.role(), e.content())).toList();
      BooleanSupplier cancelled = cancelledSupplier(turn, flag);
      TurnResult result =
          turn.provider().run(history, turn.settings(), delta -> {
            partial.append(delta);
            onDelta.accept(delta);
          }, cancelled, stream);
      boolean wasCancelled = flag.get() || cancelled.getAsBoolean();
      long version =
          commands.sendAndWait(
              new RecordSessionReplyCommand(
                  turn.session().sessionId(), turn.turnId(), result.content(), result.usage(), wasCancelled));
      return new Outcome(turn.turnId(), result.content(), result.usage(), wasCancelled, null, version);
    } catch (RuntimeException e) {
      String reason = ProviderErrors.describe(e);
      log.warn("Turn {} failed: {}", turn.turnId(), reason);
      long version = -1;
      try {
        version =
            commands.sendAndWait(
                new FailSessionTurnCommand(
                    turn.session().sessionId(), turn.turnId(), reason, ProviderErrors.unrecoverable(e)));
      } catch (RuntimeException closing) {
        log.warn("Could not record the failure of turn {}: {}", turn.turnId(), closing.toString());
      }
      return new Outcome(turn.turnId(), partial.toString(), Map.of(), false, reason, version);
    } finally {
      cancelSignals.unregister(turn.turnId());
      leases.release(turn.turnId());
    }
  }

  /** True once a cancel was signalled here, or (checked every 200 ms) recorded by any node. */
  private BooleanSupplier cancelledSupplier(PreparedTurn turn, AtomicBoolean flag) {
    long[] nextCheck = {System.nanoTime() + CANCEL_POLL_NANOS};
    String aggregate = turn.session().sessionId().toString();
    return () -> {
      if (flag.get()) {
        return true;
      }
      long now = System.nanoTime();
      if (now >= nextCheck[0]) {
        nextCheck[0] = now + CANCEL_POLL_NANOS;
        boolean requested =
            eventStore.readEvents(aggregate, turn.openedAt() + 1).asStream()
                .anyMatch(e -> e.getPayload() instanceof SessionTurnCancelRequestedEvent c
                    && c.turnId().equals(turn.turnId()));
        if (requested) {
          flag.set(true);
        }
      }
      return flag.get();
    };
  }

  private Optional<RunnableConfig> runnable(String configId, String ownerId) {
    ConfigId id;
    try {
      id = ConfigId.parse(configId);
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    return queries.query(new FindRunnableConfigQuery(id, ownerId), ResponseTypes.optionalInstanceOf(RunnableConfig.class)).join();
  }

  /** {@code ${VAR}} and {@code ${VAR:-default}} strings, resolved from the environment now. */
  static JsonNode resolveVariables(JsonNode node) {
    if (node instanceof ObjectNode object) {
      object.fields().forEachRemaining(field -> {
        JsonNode value = field.getValue();
        if (value.isTextual()) {
          Matcher m = VARIABLE.matcher(value.asText());
          if (m.matches()) {
            String resolved = System.getenv(m.group(1));
            object.put(field.getKey(), resolved != null ? resolved : (m.group(2) != null ? m.group(2) : ""));
          }
        } else {
          resolveVariables(value);
        }
      });
    } else if (node != null && node.isArray()) {
      node.forEach(TurnRunner::resolveVariables);
    }
    return node;
  }
}
