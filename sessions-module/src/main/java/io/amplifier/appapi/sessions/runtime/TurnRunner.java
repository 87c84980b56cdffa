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
import io.amplifier.appapi.sessions.api.CancelSessionTurnCommand;
import io.amplifier.appapi.sessions.api.FailSessionTurnCommand;
import io.amplifier.appapi.sessions.api.FindSessionQuery;
import io.amplifier.appapi.sessions.api.RecordSessionReplyCommand;
import io.amplifier.appapi.sessions.api.SessionId;
import io.amplifier.appapi.sessions.api.SessionTurnCancelRequestedEvent;
import io.amplifier.appapi.sessions.api.SessionView;
import io.amplifier.appapi.sessions.api.SubmitSessionMessageCommand;
import io.amplifier.appapi.users.api.Caller;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.MetaData;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.stereotype.Component;

/**
 * Runs a turn: checks the config can run, opens the turn (a command: one at a time per session),
 * sends the transcript so far ({@link ProviderHistory}) to the config's first provider, streams its
 * deltas, and closes the turn with the reply, a failure or a cancellation (all events; deltas are
 * not). A turn ends as failed past {@code PROVIDER_TURN_TIMEOUT} or {@code
 * PROVIDER_MAX_REPLY_CHARS}; failure text is reduced by {@link ProviderErrors} and never holds a
 * resolved credential.
 */
@Component
public class TurnRunner {

  private static final Logger log = LoggerFactory.getLogger(TurnRunner.class);
  private static final long CANCEL_POLL_NANOS = 200_000_000L;

  /** How a turn's context object is introduced to the model, before its JSON. */
  public static final String CONTEXT_PREFIX = "Context from the client application: ";

  private final CommandGateway commands;
  private final QueryGateway queries;
  private final Map<String, ChatProvider> providers;
  private final CancelSignals cancelSignals;
  private final EventStore eventStore;
  private final TurnLeases leases;
  private final TurnThreads threads;
  private final ProviderConfigRules rules;
  private final ProviderSettings settings;
  private final ObjectMapper json;
  private final AgentLoop loop;
  private final McpToolServers mcp;
  private final ToolConfigRules toolRules;
  private final ClientTools clientTools;
  private final ProviderHistory history;
  private final ParkedTurns parkedTurns;
  private final Approvals approvals;

  TurnRunner(
      CommandGateway commands,
      QueryGateway queries,
      List<ChatProvider> providers,
      CancelSignals cancelSignals,
      EventStore eventStore,
      TurnLeases leases,
      TurnThreads threads,
      ProviderConfigRules rules,
      ProviderSettings settings,
      ObjectMapper json,
      AgentLoop loop,
      McpToolServers mcp,
      ToolConfigRules toolRules,
      ClientTools clientTools,
      ProviderHistory history,
      ParkedTurns parkedTurns,
      Approvals approvals) {
    this.commands = commands;
    this.parkedTurns = parkedTurns;
    this.approvals = approvals;
    this.queries = queries;
    this.providers =
        providers.stream().collect(java.util.stream.Collectors.toMap(ChatProvider::module, p -> p));
    this.cancelSignals = cancelSignals;
    this.eventStore = eventStore;
    this.leases = leases;
    this.threads = threads;
    this.rules = rules;
    this.settings = settings;
    this.json = json;
    this.loop = loop;
    this.mcp = mcp;
    this.toolRules = toolRules;
    this.clientTools = clientTools;
    this.history = history;
  }

  /** Why a config cannot run a turn, or the provider module it runs with. */
  public record Readiness(boolean runnable, String detail) {}

  /**
   * A turn that has been opened and is ready to run; {@code secrets} are kept out of error text;
   * {@code context} is the system message saying what the client sent as context (or null); {@code
   * toolServers} are the config's MCP servers (credentials resolved), listed when the turn runs;
   * {@code maxToolRounds} bounds its rounds of tool calls and {@code maxToolCallsPerRound} the
   * calls run in one round; {@code actor} is the metadata (user, app, actor kind, request id) of
   * the commands that close it, taken when it opened, since the turn may outlive its request;
   * {@code approvals} says which tool calls wait for a person; {@code clientTools} are the tools
   * the client declared with its message ({@link ClientTools}).
   */
  public record PreparedTurn(
      SessionView session,
      String turnId,
      long openedAt,
      ChatProvider provider,
      JsonNode settings,
      List<String> secrets,
      @Nullable String context,
      List<ObjectNode> toolServers,
      int maxToolRounds,
      int maxToolCallsPerRound,
      Map<String, Object> actor,
      ApprovalPolicy approvals,
      List<ToolSpec> clientTools) {

    /** This turn, offering {@code tools} the client declared with its message. */
    public PreparedTurn withClientTools(List<ToolSpec> tools) {
      return new PreparedTurn(
          session,
          turnId,
          openedAt,
          provider,
          settings,
          secrets,
          context,
          toolServers,
          maxToolRounds,
          maxToolCallsPerRound,
          actor,
          approvals,
          List.copyOf(tools));
    }

    @Override
    public String toString() {
      return "PreparedTurn[" + session.sessionId() + ", turn " + turnId + "]";
    }
  }

  /**
   * How a turn ended; a failed one has an {@code error} text and a {@code problem} type segment
   * ({@code bad-gateway}, {@code outbound-refused}, {@code turn-timeout}, {@code reply-too-large});
   * a {@code parked} one has not ended: it waits for a person or a client.
   */
  public record Outcome(
      String turnId,
      String content,
      Map<String, Object> usage,
      boolean cancelled,
      @Nullable String error,
      @Nullable String problem,
      long version,
      boolean parked) {

    /**
     * A turn that now waits, parked ({@link ParkedTurns}): it ends later, maybe on another node.
     */
    static Outcome parked(String turnId) {
      return new Outcome(turnId, "", Map.of(), false, null, null, -1, true);
    }
  }

  /** Whether {@code configId}, as {@code ownerId} owns it, can run turns. Empty: no such config. */
  public Optional<Readiness> readiness(String configId, String ownerId) {
    Optional<RunnableConfig> config = runnable(configId, ownerId);
    return config.map(
        c -> {
          JsonNode provider = c.configData().path("providers").path(0);
          String module = provider.path("module").asText("");
          if (module.isEmpty()) {
            return new Readiness(false, "Config has no provider: add one to config_data.providers");
          }
          if (!providers.containsKey(module)) {
            return new Readiness(
                false,
                "Config's first provider '"
                    + module
                    + "' is not supported by this service; supported: "
                    + providers.keySet());
          }
          return new Readiness(true, module);
        });
  }

  /**
   * Opens a turn with the user's message and the client's optional context (recorded with the
   * message, and told to the model as a system message); throws the session's rule exceptions (not
   * found, closed, turn running).
   */
  public PreparedTurn prepare(
      SessionView session,
      String requesterId,
      String message,
      @Nullable Map<String, Object> context) {
    return prepare(session, requesterId, message, context, Map.of());
  }

  /** As {@link #prepare(SessionView, String, String, Map)}, closing the turn as {@code actor}. */
  public PreparedTurn prepare(
      SessionView session,
      String requesterId,
      String message,
      @Nullable Map<String, Object> context,
      Map<String, Object> actor) {
    RunnableConfig config =
        runnable(session.configId(), session.ownerId())
            .orElseThrow(
                () -> new TurnNotRunnableException("Config not found: " + session.configId()));
    ChatProvider chat = check(config);
    Resolved resolved = resolve(config, chat);
    freeIfOrphaned(session, false);
    String turnId = UUID.randomUUID().toString();
    Object user = actor.get(Caller.USER_ID);
    Object app = actor.get(Caller.APP_ID);
    leases.acquire(
        session.sessionId(),
        turnId,
        user == null ? requesterId : user.toString(),
        app == null ? null : app.toString(),
        true);
    long opened;
    try {
      opened =
          commands.sendAndWait(
              new SubmitSessionMessageCommand(
                  session.sessionId(), requesterId, turnId, message, context));
    } catch (RuntimeException refused) {
      leases.release(session.sessionId(), turnId);
      throw refused;
    }
    return build(
        session, config, chat, resolved, turnId, opened, contextMessage(context), actor, List.of());
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
      throw new TurnNotRunnableException(
          "Config validation error: " + violation.get().path() + ": " + violation.get().message());
    }
    return chat;
  }

  /** The provider's settings and tool servers of a turn, their references resolved in memory. */
  private record Resolved(
      ObjectNode providerSettings, List<String> secrets, List<ObjectNode> toolServers) {}

  /**
   * Resolves the config's references toward the hosts they go to (refused, naming the field, when a
   * reference resolves to nothing); done before a turn is opened, and again when a parked one
   * resumes.
   */
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

  /** A turn of {@code config} ready to run, its credentials resolved in memory. */
  private PreparedTurn build(
      SessionView session,
      RunnableConfig config,
      ChatProvider chat,
      Resolved resolved,
      String turnId,
      long opened,
      @Nullable String context,
      Map<String, Object> actor,
      List<ToolSpec> tools) {
    return new PreparedTurn(
        session,
        turnId,
        opened,
        chat,
        resolved.providerSettings(),
        resolved.secrets(),
        context,
        resolved.toolServers(),
        AgentLoop.maxRounds(config.configData()),
        AgentLoop.maxCallsPerRound(config.configData()),
        Map.copyOf(actor),
        ApprovalPolicy.of(config.configData()),
        List.copyOf(tools));
  }

  /** What the model is told about the client's context, or null when there is none. */
  private @Nullable String contextMessage(@Nullable Map<String, Object> context) {
    if (context == null || context.isEmpty()) {
      return null;
    }
    try {
      return CONTEXT_PREFIX + json.writeValueAsString(context);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("context is not JSON", e);
    }
  }

  /**
   * Runs a prepared turn on a turn thread (not the request's), with the request's log fields and
   * the turn's actor carried along (never the request itself, which may end first); the future
   * completes with its outcome. Refused at once with {@link TurnCapacityException} when this node
   * runs as many turns as it may.
   */
  public CompletableFuture<Outcome> start(
      PreparedTurn turn, TurnListener listener, boolean stream) {
    CompletableFuture<Outcome> outcome = new CompletableFuture<>();
    Map<String, String> logContext = MDC.getCopyOfContextMap();
    try {
      threads.run(
          () -> {
            if (logContext != null) {
              MDC.setContextMap(logContext);
            }
            try {
              outcome.complete(execute(turn, listener, stream));
            } catch (RuntimeException | Error e) {
              outcome.completeExceptionally(e);
            } finally {
              MDC.clear();
            }
          });
    } catch (TurnCapacityException full) {
      refuse(turn, full.getMessage());
      throw full;
    }
    return outcome;
  }

  /** Closes a turn that could not be started at all as failed, so the session is not left busy. */
  void refuse(PreparedTurn turn, String reason) {
    try {
      send(
          turn,
          new FailSessionTurnCommand(turn.session().sessionId(), turn.turnId(), reason, false));
    } catch (RuntimeException e) {
      log.warn("Could not record the refusal of turn {}: {}", turn.turnId(), e.toString());
    } finally {
      leases.release(turn.session().sessionId(), turn.turnId());
    }
  }

  /**
   * Asks the session's running turn to stop. A turn that no node runs any more (its lease lapsed or
   * vanished) is ended at once, as cancelled, so the session is free again.
   */
  public void cancel(SessionView session, String requesterId) {
    cancel(session, requesterId, null);
  }

  /** As {@link #cancel(SessionView, String)}, refused unless {@code turnId} (when given) runs. */
  public void cancel(SessionView session, String requesterId, @Nullable String turnId) {
    commands.sendAndWait(new CancelSessionTurnCommand(session.sessionId(), requesterId, turnId));
    freeIfOrphaned(session, true);
  }

  private void freeIfOrphaned(SessionView session, boolean cancelled) {
    String running = session.runningTurn();
    if (running != null
        && leases.orphaned(session.sessionId(), running)
        && !parkedTurns.holds(running)) {
      leases.endOrphan(session.sessionId(), running, cancelled);
    }
  }

  /**
   * Runs a prepared turn to its end through the {@link AgentLoop} (the config's MCP tools listed
   * first), telling {@code listener} of deltas and tool calls; never throws. A turn that waits for
   * a person or a client is parked ({@link ParkedTurns}) and answered as {@link Outcome#parked}.
   */
  public Outcome execute(PreparedTurn turn, TurnListener listener, boolean stream) {
    return run(
        turn,
        listener,
        stream,
        new AgentLoop.State(),
        null,
        System.nanoTime() + settings.turnTimeout().toNanos(),
        false);
  }

  private Outcome run(
      PreparedTurn turn,
      TurnListener listener,
      boolean stream,
      AgentLoop.State state,
      AgentLoop.@Nullable Answer answer,
      long deadlineNanos,
      boolean resumed) {
    AtomicBoolean flag = cancelSignals.register(turn.session().sessionId(), turn.turnId());
    StringBuilder partial = new StringBuilder(state.reply);
    // Moved on by the time a tool call waits at a gate without parking; a parked approval wait is
    // left out when the turn resumes (it has its own limit, approval_timeout).
    AtomicLong deadline = new AtomicLong(deadlineNanos);
    AtomicBoolean overtime = new AtomicBoolean();
    try {
      List<ChatMessage> transcript = history.of(turn.session().sessionId(), turn.openedAt());
      List<ChatMessage> messages = new ArrayList<>(transcript.size() + 1);
      if (turn.context() != null) {
        messages.add(new ChatMessage("system", turn.context()));
      }
      messages.addAll(transcript);
      BooleanSupplier cancelRequested = cancelledSupplier(turn, flag, resumed);
      BooleanSupplier cancelled =
          () -> {
            if (System.nanoTime() - deadline.get() > 0) {
              overtime.set(true);
            }
            return overtime.get() || cancelRequested.getAsBoolean();
          };
      TurnListener bounded =
          new TurnListener() {
            @Override
            public void onDelta(String delta) {
              partial.append(delta);
              if (partial.length() > settings.maxReplyChars()) {
                throw new UncheckedIOException(
                    TurnLimitException.tooLarge(settings.maxReplyChars()));
              }
              listener.onDelta(redact(delta, turn.secrets()));
            }

            @Override
            public void onToolPre(ToolCallRequest call) {
              listener.onToolPre(call);
            }

            @Override
            public void onToolPost(ToolCallRequest call, String output) {
              listener.onToolPost(call, output);
            }

            @Override
            public void onToolError(ToolCallRequest call, String error) {
              listener.onToolError(call, error);
            }

            @Override
            public void onApprovalRequested(String approvalId, ToolCallRequest call) {
              listener.onApprovalRequested(approvalId, call);
            }

            @Override
            public void onApprovalDecided(
                String approvalId,
                ToolCallRequest call,
                boolean allowed,
                @Nullable String reason,
                String decidedBy) {
              listener.onApprovalDecided(approvalId, call, allowed, reason, decidedBy);
            }
          };
      TurnResult result;
      ToolBox servers =
          turn.toolServers().isEmpty()
              ? ToolBox.NONE
              : mcp.open(turn.session().sessionId().toString(), turn.toolServers(), deadline.get());
      try (ToolBox tools =
          turn.clientTools().isEmpty()
              ? servers
              : ToolBox.of(List.of(servers, clientTools.box(turn, deadline::get)))) {
        try {
          result =
              loop.drive(
                  turn,
                  messages,
                  state,
                  answer,
                  tools,
                  turn.maxToolRounds(),
                  bounded,
                  cancelled,
                  stream,
                  deadline,
                  text -> redact(text, turn.secrets()));
        } catch (AgentLoop.Parked wait) {
          park(turn, wait, deadline.get());
          return Outcome.parked(turn.turnId());
        }
      }
      if (overtime.get() || System.nanoTime() - deadline.get() > 0) {
        throw new UncheckedIOException(TurnLimitException.deadline(settings.turnTimeout()));
      }
      if (result.content().length() > settings.maxReplyChars()) {
        throw new UncheckedIOException(TurnLimitException.tooLarge(settings.maxReplyChars()));
      }
      boolean wasCancelled = flag.get() || cancelRequested.getAsBoolean();
      String content = redact(result.content(), turn.secrets());
      long version =
          send(
              turn,
              new RecordSessionReplyCommand(
                  turn.session().sessionId(),
                  turn.turnId(),
                  content,
                  result.usage(),
                  wasCancelled));
      return new Outcome(
          turn.turnId(), content, result.usage(), wasCancelled, null, null, version, false);
    } catch (RuntimeException e) {
      ProviderErrors.TurnFailure failure =
          System.nanoTime() - deadline.get() > 0
              ? ProviderErrors.failure(TurnLimitException.deadline(settings.turnTimeout()))
              : ProviderErrors.failure(e);
      String reason = redact(failure.message(), turn.secrets());
      log.warn("Turn {} failed: {}", turn.turnId(), reason);
      long version = -1;
      try {
        version =
            send(
                turn,
                new FailSessionTurnCommand(
                    turn.session().sessionId(), turn.turnId(), reason, failure.unrecoverable()));
      } catch (RuntimeException closing) {
        log.warn(
            "Could not record the failure of turn {}: {}",
            turn.turnId(),
            closing.getClass().getSimpleName());
      }
      return new Outcome(
          turn.turnId(),
          redact(partial.toString(), turn.secrets()),
          Map.of(),
          false,
          reason,
          failure.problem(),
          version,
          false);
    } finally {
      cancelSignals.unregister(turn.session().sessionId(), turn.turnId());
      leases.release(turn.session().sessionId(), turn.turnId());
    }
  }

  /** Keeps a waiting turn in PostgreSQL; its thread and lease go free once this returns. */
  private void park(PreparedTurn turn, AgentLoop.Parked wait, long deadlineNanos) {
    TurnWait waiting = wait.waitFor();
    long remaining = deadlineNanos - System.nanoTime();
    parkedTurns.park(
        new ParkedTurns.Stored(
            turn.session().sessionId().value(),
            turn.session().ownerId(),
            turn.session().configId(),
            turn.turnId(),
            turn.openedAt(),
            turn.context(),
            turn.actor(),
            turn.clientTools(),
            waiting.kind(),
            waiting.id(),
            waiting.asked(),
            waiting.until(),
            remaining,
            java.time.Instant.now().plusNanos(Math.max(0, remaining)),
            wait.state()));
  }

  /**
   * Resumes claimed parked turn {@code claimed} on a turn thread once its answer is in (the answer,
   * a cancel, or the wait's end), telling the listener {@code listeners} makes for it; the future
   * completes with its outcome (maybe {@link Outcome#parked} again), or with null when it still
   * waits (the row is put back). {@link TurnCapacityException} when this node has no turn thread
   * free (the row is put back, due again shortly).
   */
  CompletableFuture<@Nullable Outcome> resume(
      ParkedTurns.Claimed claimed,
      java.util.function.Function<ParkedTurns.Stored, TurnListener> listeners) {
    CompletableFuture<@Nullable Outcome> outcome = new CompletableFuture<>();
    try {
      threads.run(
          () -> {
            try {
              outcome.complete(resumeHere(claimed, listeners));
            } catch (RuntimeException | Error e) {
              outcome.completeExceptionally(e);
            }
          });
    } catch (TurnCapacityException full) {
      parkedTurns.unclaim(claimed, java.time.Instant.now().plusSeconds(1));
      throw full;
    }
    return outcome;
  }

  private @Nullable Outcome resumeHere(
      ParkedTurns.Claimed claimed,
      java.util.function.Function<ParkedTurns.Stored, TurnListener> listeners) {
    ParkedTurns.Stored stored = claimed.turn();
    SessionId sessionId = new SessionId(stored.sessionId());
    if (!clientTools.answered(
        sessionId, stored.turnId(), stored.waitId(), stored.asked(), stored.until())) {
      parkedTurns.unclaim(claimed, stored.until());
      return null;
    }
    PreparedTurn turn;
    AgentLoop.Answer answer;
    try {
      turn = reopen(stored);
      answer =
          TurnWait.APPROVAL.equals(stored.kind())
              ? approvals.resolve(turn, stored.waitId(), stored.asked(), stored.until())
              : answerOf(
                  clientTools.resolve(turn, stored.waitId(), stored.asked(), stored.until()));
    } catch (RuntimeException gone) {
      // the session or its config is gone, or cannot run: the turn ends as failed
      parkedTurns.remove(stored.turnId());
      TurnListener listener = listeners.apply(stored);
      String reason = ProviderErrors.failure(gone).message();
      log.warn("Parked turn {} cannot go on: {} ({})", stored.turnId(), reason, gone.getMessage());
      long version = -1;
      try {
        version =
            commands.sendAndWait(
                asActor(
                    stored.actor(),
                    new FailSessionTurnCommand(sessionId, stored.turnId(), reason, false)));
      } catch (RuntimeException closing) {
        log.info(
            "Could not record the failure of turn {}: {}", stored.turnId(), closing.toString());
      }
      return new Outcome(
          stored.turnId(), "", Map.of(), false, reason, "bad-gateway", version, false);
    }
    if (answer == null) {
      parkedTurns.unclaim(claimed, stored.until());
      return null;
    }
    Object user = stored.actor().get(Caller.USER_ID);
    Object app = stored.actor().get(Caller.APP_ID);
    leases.acquire(
        sessionId,
        stored.turnId(),
        user == null ? stored.ownerId() : user.toString(),
        app == null ? null : app.toString(),
        false);
    parkedTurns.remove(stored.turnId());
    long deadline =
        TurnWait.APPROVAL.equals(stored.kind())
            ? System.nanoTime() + stored.remainingNanos()
            : System.nanoTime()
                + java.time.Duration.between(java.time.Instant.now(), stored.deadline()).toNanos();
    return run(turn, listeners.apply(stored), true, stored.state(), answer, deadline, true);
  }

  private static AgentLoop.@Nullable Answer answerOf(@Nullable ToolResult result) {
    return result == null ? null : new AgentLoop.Answer(null, null, result);
  }

  /** The prepared turn of a parked one, its config read (and its credentials resolved) again. */
  private PreparedTurn reopen(ParkedTurns.Stored stored) {
    SessionId id = new SessionId(stored.sessionId());
    SessionView session =
        queries
            .query(
                new FindSessionQuery(id, stored.ownerId(), 0),
                ResponseTypes.optionalInstanceOf(SessionView.class))
            .join()
            .orElseThrow(() -> new TurnNotRunnableException("Session not found"));
    RunnableConfig config =
        runnable(stored.configId(), stored.ownerId())
            .orElseThrow(
                () -> new TurnNotRunnableException("Config not found: " + stored.configId()));
    ChatProvider chat = check(config);
    return build(
        session,
        config,
        chat,
        resolve(config, chat),
        stored.turnId(),
        stored.openedAt(),
        stored.context(),
        stored.actor(),
        stored.clientTools());
  }

  /** Sends a command closing {@code turn} as the turn's actor (or the current request's caller). */
  private long send(PreparedTurn turn, Object command) {
    return commands.sendAndWait(asActor(turn, command));
  }

  /** {@code command} as sent by the turn's actor (when known), for the turn's own thread. */
  static Object asActor(PreparedTurn turn, Object command) {
    return asActor(turn.actor(), command);
  }

  private static Object asActor(Map<String, Object> actor, Object command) {
    return actor.isEmpty()
        ? command
        : GenericCommandMessage.asCommandMessage(command).withMetaData(MetaData.from(actor));
  }

  /**
   * True once a cancel was signalled here, or (checked every 200 ms, and at once for a resumed
   * turn) recorded by any node.
   */
  private BooleanSupplier cancelledSupplier(
      PreparedTurn turn, AtomicBoolean flag, boolean checkNow) {
    long[] nextCheck = {System.nanoTime() + (checkNow ? 0 : CANCEL_POLL_NANOS)};
    String aggregate = turn.session().sessionId().toString();
    return () -> {
      if (flag.get()) {
        return true;
      }
      long now = System.nanoTime();
      if (now >= nextCheck[0]) {
        nextCheck[0] = now + CANCEL_POLL_NANOS;
        boolean requested =
            eventStore
                .readEvents(aggregate, turn.openedAt() + 1)
                .asStream()
                .anyMatch(
                    e ->
                        e.getPayload() instanceof SessionTurnCancelRequestedEvent c
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
    return queries
        .query(
            new FindRunnableConfigQuery(id, ownerId),
            ResponseTypes.optionalInstanceOf(RunnableConfig.class))
        .join();
  }

  /** {@code text} with every opened credential replaced (a provider could echo one back). */
  static String redact(String text, List<String> secrets) {
    return Redaction.redact(text, secrets);
  }
}
