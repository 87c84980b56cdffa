package io.amplifier.appapi.sessions.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.amplifier.appapi.sessions.api.SessionId;
import io.amplifier.appapi.sessions.api.SessionView;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.stereotype.Component;

/**
 * Drives a turn: opens it (its config checked by {@link TurnConfigs}, its lease taken by {@link
 * TurnLeases}, its opening recorded by {@link TurnRecorder}), runs the {@link AgentLoop} on a turn
 * thread over the transcript so far ({@link ProviderHistory}) within its {@link TurnBounds}, parks
 * it ({@link ParkedTurns}) where it waits and resumes it once answered, and closes it with the
 * reply, a failure or a cancellation. Changes when the course of a turn changes; failure text is
 * reduced by {@link ProviderErrors} and never holds a resolved credential.
 */
@Component
public class TurnRunner {

  private static final Logger log = LoggerFactory.getLogger(TurnRunner.class);

  /** How a turn's context object is introduced to the model, before its JSON. */
  public static final String CONTEXT_PREFIX = "Context from the client application: ";

  private final TurnConfigs configs;
  private final TurnRecorder recorder;
  private final TurnLeases leases;
  private final TurnCancels cancels;
  private final TurnThreads threads;
  private final ProviderSettings settings;
  private final ProviderHistory history;
  private final AgentLoop loop;
  private final McpToolServers mcp;
  private final ClientTools clientTools;
  private final ParkedTurns parkedTurns;
  private final Approvals approvals;
  private final TurnUsage usage;

  TurnRunner(
      TurnConfigs configs,
      TurnRecorder recorder,
      TurnLeases leases,
      TurnCancels cancels,
      TurnThreads threads,
      ProviderSettings settings,
      ProviderHistory history,
      AgentLoop loop,
      McpToolServers mcp,
      ClientTools clientTools,
      ParkedTurns parkedTurns,
      Approvals approvals,
      TurnUsage usage) {
    this.usage = usage;
    this.configs = configs;
    this.recorder = recorder;
    this.leases = leases;
    this.cancels = cancels;
    this.threads = threads;
    this.settings = settings;
    this.history = history;
    this.loop = loop;
    this.mcp = mcp;
    this.clientTools = clientTools;
    this.parkedTurns = parkedTurns;
    this.approvals = approvals;
  }

  /** Why a config cannot run a turn, or the provider module it runs with. */
  public record Readiness(boolean runnable, String detail) {}

  /**
   * A turn that has been opened and is ready to run; {@code message} is the user's message that
   * opened it (null for a turn parked before it was kept); {@code secrets} are kept out of error
   * text; {@code context} is the system message saying what the client sent as context (or null);
   * {@code toolServers} are the config's MCP servers (credentials resolved), listed when the turn
   * runs; {@code maxToolRounds} bounds its rounds of tool calls and {@code maxToolCallsPerRound}
   * the calls run in one round; {@code actor} is the metadata (user, app, actor kind, request id)
   * of the commands that close it, taken when it opened, since the turn may outlive its request;
   * {@code approvals} says which tool calls wait for a person; {@code clientTools} are the tools
   * the client declared with its message ({@link ClientTools}).
   */
  public record PreparedTurn(
      SessionView session,
      String turnId,
      long openedAt,
      @Nullable String message,
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
          message,
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
    return configs.readiness(configId, ownerId);
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
    return prepare(
        session, requesterId, UUID.randomUUID().toString(), message, context, actor, false);
  }

  /**
   * Opens queued turn {@code turnId} (its message kept with its {@code SessionTurnEnqueued} event),
   * as {@code actor}, the caller who sent it ({@link TurnQueue}).
   */
  PreparedTurn prepareQueued(
      SessionView session,
      String requesterId,
      String turnId,
      String message,
      @Nullable Map<String, Object> context,
      Map<String, Object> actor) {
    return prepare(session, requesterId, turnId, message, context, actor, true);
  }

  private PreparedTurn prepare(
      SessionView session,
      String requesterId,
      String turnId,
      String message,
      @Nullable Map<String, Object> context,
      Map<String, Object> actor,
      boolean queued) {
    usage.admit(actor, requesterId);
    TurnConfigs.Checked checked = configs.checked(session.configId(), session.ownerId());
    leases.freeIfOrphaned(session, false);
    leases.acquireFor(session.sessionId(), turnId, actor, requesterId, true);
    long opened;
    try {
      opened =
          queued
              ? recorder.openAs(actor, session.sessionId(), requesterId, turnId, message, context)
              : recorder.open(session.sessionId(), requesterId, turnId, message, context);
    } catch (RuntimeException refused) {
      leases.release(session.sessionId(), turnId);
      throw refused;
    }
    return configs.turn(
        session,
        checked,
        turnId,
        opened,
        message,
        configs.contextMessage(context),
        actor,
        List.of());
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
      recorder.fail(turn, reason, false);
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
    recorder.requestCancel(session.sessionId(), requesterId, turnId);
    leases.freeIfOrphaned(session, true);
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
    TurnBounds bounds = new TurnBounds(settings, turn.secrets(), deadlineNanos, state.reply);
    try (TurnCancels.Watch cancelRequested = cancels.watch(turn, resumed)) {
      try {
        List<ChatMessage> transcript = history.of(turn);
        List<ChatMessage> messages = new ArrayList<>(transcript.size() + 1);
        if (turn.context() != null) {
          messages.add(new ChatMessage("system", turn.context()));
        }
        messages.addAll(transcript);
        TurnResult result;
        AtomicLong deadline = bounds.deadline();
        ToolBox servers =
            turn.toolServers().isEmpty()
                ? ToolBox.NONE
                : mcp.open(
                    turn.session().sessionId().toString(), turn.toolServers(), deadline.get());
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
                    bounds.bounded(listener),
                    bounds.stopping(cancelRequested),
                    stream,
                    deadline,
                    bounds::redact);
          } catch (AgentLoop.Parked wait) {
            parkedTurns.park(turn, wait, deadline.get());
            return Outcome.parked(turn.turnId());
          }
        }
        bounds.check(result);
        boolean wasCancelled = cancelRequested.getAsBoolean();
        String content = bounds.redact(result.content());
        long version = recorder.reply(turn, content, result.usage(), wasCancelled);
        return new Outcome(
            turn.turnId(), content, result.usage(), wasCancelled, null, null, version, false);
      } catch (RuntimeException e) {
        ProviderErrors.TurnFailure failure = bounds.failure(e);
        String reason = bounds.redact(failure.message());
        log.warn("Turn {} failed: {}", turn.turnId(), reason);
        long version = -1;
        try {
          version = recorder.fail(turn, reason, failure.unrecoverable());
        } catch (RuntimeException closing) {
          log.warn(
              "Could not record the failure of turn {}: {}",
              turn.turnId(),
              closing.getClass().getSimpleName());
        }
        return new Outcome(
            turn.turnId(),
            bounds.partial(),
            Map.of(),
            false,
            reason,
            failure.problem(),
            version,
            false);
      }
    } finally {
      leases.release(turn.session().sessionId(), turn.turnId());
    }
  }

  /**
   * Resumes claimed parked turn {@code claimed} on a turn thread once its answer is in (the answer,
   * a cancel, or the wait's end), telling the listener {@code listeners} makes for it; the future
   * completes with its outcome (maybe {@link Outcome#parked} again), or with null when it still
   * waits (the row is put back). {@link TurnCapacityException} when this node has no turn thread
   * free (the row is put back, due again shortly).
   */
  CompletableFuture<@Nullable Outcome> resume(
      ParkedTurns.Claimed claimed, Function<ParkedTurns.Stored, TurnListener> listeners) {
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
      parkedTurns.unclaim(claimed, Instant.now().plusSeconds(1));
      throw full;
    }
    return outcome;
  }

  private @Nullable Outcome resumeHere(
      ParkedTurns.Claimed claimed, Function<ParkedTurns.Stored, TurnListener> listeners) {
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
      turn = configs.reopen(stored);
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
        version = recorder.fail(stored.actor(), sessionId, stored.turnId(), reason, false);
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
    leases.acquireFor(sessionId, stored.turnId(), stored.actor(), stored.ownerId(), false);
    parkedTurns.remove(stored.turnId());
    long deadline =
        TurnWait.APPROVAL.equals(stored.kind())
            ? System.nanoTime() + stored.remainingNanos()
            : System.nanoTime() + Duration.between(Instant.now(), stored.deadline()).toNanos();
    return run(turn, listeners.apply(stored), true, stored.state(), answer, deadline, true);
  }

  private static AgentLoop.@Nullable Answer answerOf(@Nullable ToolResult result) {
    return result == null ? null : new AgentLoop.Answer(null, null, result);
  }
}
