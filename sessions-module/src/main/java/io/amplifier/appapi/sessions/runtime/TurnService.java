package io.amplifier.appapi.sessions.runtime;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.amplifier.appapi.sessions.api.FindSessionQuery;
import io.amplifier.appapi.sessions.api.FindSessionTurnQuery;
import io.amplifier.appapi.sessions.api.SessionId;
import io.amplifier.appapi.sessions.api.SessionTurnView;
import io.amplifier.appapi.sessions.api.SessionView;
import io.amplifier.appapi.users.api.Caller;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Turns as jobs: the one place a turn is orchestrated. It opens the turn (an event on the session),
 * opens its stream ({@link TurnStreams}), runs it on a turn thread ({@link TurnRunner}) that no
 * HTTP connection holds, and writes the stream's last events once the turn's end is recorded and
 * visible in the read model. A turn that waits for a person or a client is parked ({@link
 * ParkedTurns}): no thread, no lease; an answer or a cancel wakes it ({@link #wake}), and every
 * {@code TURN_PARKED_SWEEP_MILLIS} each node resumes the due ones (answered, or whose wait ended)
 * that no other node has claimed. Every route of a turn ({@code /turns}, {@code /messages}, {@code
 * /stream}, {@code /turns/{id}/events}) only starts or observes one.
 */
@Component
public class TurnService {

  private static final Logger log = LoggerFactory.getLogger(TurnService.class);

  private static final com.fasterxml.jackson.core.type.TypeReference<Map<String, Object>> MAP =
      new com.fasterxml.jackson.core.type.TypeReference<>() {};

  private final TurnRunner runner;
  private final TurnStreams streams;
  private final QueryGateway queries;
  private final ParkedTurns parked;
  private final ObjectMapper json;
  private final long sweepMillis;

  /** Observers here of turns started here that have not ended (they may have parked). */
  private final Map<String, CompletableFuture<TurnRunner.Outcome>> endings =
      new ConcurrentHashMap<>();

  /** Of those, the ones that parked: they may end on another node. */
  private final Map<String, SessionId> parkedHere = new ConcurrentHashMap<>();

  /** Told when a turn ends here ({@link TurnQueue} starts the next one). */
  private final List<Consumer<SessionId>> endListeners = new CopyOnWriteArrayList<>();

  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "parked-turns");
            t.setDaemon(true);
            return t;
          });

  TurnService(
      TurnRunner runner,
      TurnStreams streams,
      QueryGateway queries,
      ParkedTurns parked,
      ObjectMapper json,
      @Value("${TURN_PARKED_SWEEP_MILLIS:1000}") long sweepMillis) {
    this.runner = runner;
    this.streams = streams;
    this.queries = queries;
    this.parked = parked;
    this.json = json;
    this.sweepMillis = sweepMillis <= 0 ? 0 : Math.max(50, sweepMillis);
  }

  /** A turn that runs: its id, and its outcome once it ended and its stream is complete. */
  public record StartedTurn(String turnId, CompletableFuture<TurnRunner.Outcome> outcome) {}

  /**
   * Opens and starts a turn of {@code session} for {@code caller}; throws the session's rule
   * exceptions (closed, turn running, viewer), {@link TurnNotRunnableException} and {@link
   * TurnCapacityException} before anything runs. {@code stream=false} asks the provider for one
   * plain reply (the stream then has no deltas).
   */
  public StartedTurn start(
      SessionView session,
      Caller caller,
      String message,
      @Nullable Map<String, Object> context,
      boolean stream) {
    return start(session, caller, message, context, List.of(), stream);
  }

  /**
   * As {@link #start(SessionView, Caller, String, Map, boolean)}, offering the model {@code tools}
   * the client declared and runs itself ({@link ClientTools}).
   */
  public StartedTurn start(
      SessionView session,
      Caller caller,
      String message,
      @Nullable Map<String, Object> context,
      List<ToolSpec> tools,
      boolean stream) {
    String requester = caller.userId().value();
    return begin(
        session,
        requester,
        runner.prepare(session, requester, message, context, actor(caller)).withClientTools(tools),
        stream);
  }

  /**
   * Opens and starts queued turn {@code turnId} of {@code session} ({@link TurnQueue}), for {@code
   * requester} as {@code actor}, who sent it.
   */
  StartedTurn startQueued(
      SessionView session,
      String requester,
      Map<String, Object> actor,
      String turnId,
      String message,
      @Nullable Map<String, Object> context,
      List<ToolSpec> tools,
      boolean stream) {
    return begin(
        session,
        requester,
        runner
            .prepareQueued(session, requester, turnId, message, context, actor)
            .withClientTools(tools),
        stream);
  }

  /** Tells {@code listener} (on the turn's thread) of each session whose turn ended here. */
  void whenTurnEnds(Consumer<SessionId> listener) {
    endListeners.add(listener);
  }

  private StartedTurn begin(
      SessionView session, String requester, TurnRunner.PreparedTurn turn, boolean stream) {
    TurnStreams.Writer writer;
    try {
      writer = streams.open(session.sessionId(), turn.turnId());
    } catch (RuntimeException e) {
      runner.refuse(turn, "The turn's stream could not be opened");
      throw e;
    }
    Map<String, Object> connected = new LinkedHashMap<>();
    connected.put("type", "connected");
    connected.put("session_id", session.sessionId().value().toString());
    connected.put("turn_id", turn.turnId());
    writer.event(connected);
    Map<String, Object> block = new LinkedHashMap<>();
    block.put("type", "content_block:start");
    block.put("index", 0);
    block.put("block_type", "text");
    writer.event(block);
    CompletableFuture<TurnRunner.Outcome> ended = new CompletableFuture<>();
    endings.put(turn.turnId(), ended);
    CompletableFuture<TurnRunner.Outcome> running;
    try {
      running = runner.start(turn, new StreamListener(writer), stream);
    } catch (TurnCapacityException full) {
      endings.remove(turn.turnId());
      writer.end(List.of(errorEvent(full.getMessage(), "service-unavailable")));
      throw full;
    }
    running.whenComplete(
        (outcome, failure) ->
            finish(session.sessionId(), requester, turn.turnId(), writer, outcome, failure));
    return new StartedTurn(turn.turnId(), ended);
  }

  /**
   * Ends the stream of a turn that ran here (and tells its observer here), or lets it go from this
   * node when it parked: then its observer here is told once it ends, wherever it resumes.
   */
  private void finish(
      SessionId session,
      String requester,
      String turnId,
      TurnStreams.Writer writer,
      TurnRunner.@Nullable Outcome outcome,
      @Nullable Throwable failure) {
    if (outcome == null || !outcome.parked()) {
      endListeners.forEach(listener -> listener.accept(session));
    }
    if (failure != null || outcome == null) {
      writer.end(List.of(errorEvent("The turn could not be completed", null)));
      CompletableFuture<TurnRunner.Outcome> ended = endings.remove(turnId);
      if (ended != null) {
        ended.completeExceptionally(
            failure instanceof CompletionException c
                ? c
                : new CompletionException(
                    failure == null ? new IllegalStateException("no outcome") : failure));
      }
      return;
    }
    if (outcome.parked()) {
      writer.park();
      if (endings.containsKey(turnId)) {
        parkedHere.put(turnId, session);
      }
      return;
    }
    awaitVersion(session, requester, outcome.version());
    writer.end(
        outcome.error() != null
            ? List.of(errorEvent(outcome.error(), outcome.problem()))
            : replyEvents(
                outcome.turnId(), outcome.content(), outcome.usage(), outcome.cancelled()));
    CompletableFuture<TurnRunner.Outcome> ended = endings.remove(turnId);
    if (ended != null) {
      ended.complete(outcome);
    }
  }

  /**
   * Wakes the parked turn of {@code session}, if it has one, after an answer or a cancel reached
   * it: it resumes here when this node has a turn thread free, else on whichever node sweeps it
   * first.
   */
  public void wake(SessionId session) {
    try {
      for (String turnId : parked.wake(session)) {
        resume(turnId);
      }
    } catch (RuntimeException e) {
      log.warn("Could not wake the parked turn of {}: {}", session, e.toString());
    }
  }

  /** Resumes parked turn {@code turnId} here if it is due and no other node looks at it. */
  void resume(String turnId) {
    Optional<ParkedTurns.Claimed> claimed = parked.claim(turnId);
    if (claimed.isEmpty()) {
      return;
    }
    ParkedTurns.Stored stored = claimed.get().turn();
    SessionId session = new SessionId(stored.sessionId());
    Object user = stored.actor().get(Caller.USER_ID);
    String requester = user == null ? stored.ownerId() : user.toString();
    TurnStreams.Writer[] writer = {null};
    try {
      runner
          .resume(
              claimed.get(),
              s -> {
                writer[0] = streams.reopen(session, s.turnId());
                return new StreamListener(writer[0]);
              })
          .whenComplete(
              (outcome, failure) -> {
                if (writer[0] != null) {
                  finish(session, requester, turnId, writer[0], outcome, failure);
                } else if (failure != null) {
                  log.warn("Parked turn {} could not be resumed: {}", turnId, failure.toString());
                }
              });
    } catch (TurnCapacityException full) {
      log.debug("No turn thread free here to resume {}; it stays due", turnId);
    }
  }

  /** Resumes due parked turns (answered, cancelled, or whose wait ended), once across nodes. */
  void sweepParked() {
    try {
      for (String turnId : parked.due(32)) {
        resume(turnId);
      }
      completeRemote();
    } catch (RuntimeException e) {
      log.warn("Could not sweep parked turns: {}", e.toString());
    }
  }

  /** Tells observers here of turns that parked here and ended on another node. */
  private void completeRemote() {
    for (Map.Entry<String, SessionId> here : parkedHere.entrySet()) {
      String turnId = here.getKey();
      CompletableFuture<TurnRunner.Outcome> waiting = endings.get(turnId);
      if (waiting == null || waiting.isDone()) {
        parkedHere.remove(turnId);
        continue;
      }
      List<TurnStreams.StreamEntry> last = streams.ending(here.getValue(), turnId);
      TurnRunner.Outcome outcome = last.isEmpty() ? null : outcomeOf(turnId, last);
      if (outcome != null && endings.remove(turnId, waiting)) {
        parkedHere.remove(turnId);
        waiting.complete(outcome);
      }
    }
  }

  /** A turn's outcome as the last events of its stream tell it. */
  private TurnRunner.@Nullable Outcome outcomeOf(
      String turnId, List<TurnStreams.StreamEntry> last) {
    try {
      for (TurnStreams.StreamEntry entry : last) {
        if ("response".equals(entry.type())) {
          Map<String, Object> response = json.readValue(entry.data(), MAP);
          Object usage = response.get("usage");
          @SuppressWarnings("unchecked")
          Map<String, Object> usageMap =
              usage instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
          return new TurnRunner.Outcome(
              turnId,
              String.valueOf(response.getOrDefault("content", "")),
              usageMap,
              Boolean.TRUE.equals(response.get("cancelled")),
              null,
              null,
              -1,
              false);
        }
        if ("error".equals(entry.type())) {
          Map<String, Object> error = json.readValue(entry.data(), MAP);
          Object problem = error.get("problem");
          return new TurnRunner.Outcome(
              turnId,
              "",
              Map.of(),
              false,
              String.valueOf(error.getOrDefault("message", "The turn failed")),
              problem == null ? "bad-gateway" : problem.toString().replace("/problems/", ""),
              -1,
              false);
        }
      }
    } catch (java.io.IOException e) {
      log.warn("Could not read the end of turn {}: {}", turnId, e.toString());
    }
    return null;
  }

  @PostConstruct
  void startSweeping() {
    if (sweepMillis == 0) {
      return; // this node resumes only the parked turns whose answer it receives
    }
    timer.scheduleWithFixedDelay(
        this::sweepParked, sweepMillis, sweepMillis, java.util.concurrent.TimeUnit.MILLISECONDS);
  }

  @PreDestroy
  void stopSweeping() {
    timer.shutdownNow();
  }

  /** The turn {@code turnId} of {@code session} as its events tell it; empty when it has none. */
  public Optional<SessionTurnView> find(SessionId session, String turnId) {
    return queries
        .query(
            new FindSessionTurnQuery(session, turnId),
            ResponseTypes.optionalInstanceOf(SessionTurnView.class))
        .join();
  }

  /** As {@link #find}, a {@link TurnNotFoundException} when the session has no such turn. */
  public SessionTurnView get(SessionId session, String turnId) {
    return find(session, turnId).orElseThrow(TurnNotFoundException::new);
  }

  /**
   * Asks turn {@code turnId} to stop, wherever it runs: {@link TurnNotFoundException} when the
   * session has no such turn, {@link TurnEndedException} when it has ended.
   */
  public SessionTurnView cancel(SessionView session, String requesterId, String turnId) {
    if ("viewer".equals(session.roleOf(requesterId))) {
      runner.cancel(session, requesterId, turnId); // refused as the session refuses a viewer
    }
    SessionTurnView turn =
        find(session.sessionId(), turnId).orElseThrow(TurnNotFoundException::new);
    if (turn.status().ended()) {
      throw new TurnEndedException(
          "The turn has ended (" + turn.status().wire() + "); there is nothing to cancel");
    }
    runner.cancel(session, requesterId, turnId);
    wake(session.sessionId());
    return turn;
  }

  /** Asks whichever turn runs in {@code session} to stop (the original's {@code /cancel}). */
  public void cancel(SessionView session, String requesterId) {
    runner.cancel(session, requesterId);
    wake(session.sessionId());
  }

  /**
   * Read-your-writes after a turn: the session's read models show its end before anyone is told.
   */
  private void awaitVersion(SessionId id, String requester, long version) {
    if (version < 0) {
      return;
    }
    try {
      queries
          .query(
              new FindSessionQuery(id, requester, version),
              ResponseTypes.optionalInstanceOf(SessionView.class))
          .join();
    } catch (RuntimeException e) {
      log.warn("Could not wait for the read model after turn of {}: {}", id, e.toString());
    }
  }

  /** The metadata the turn's own commands carry: who started it, from which request. */
  private static Map<String, Object> actor(Caller caller) {
    Map<String, Object> actor = new HashMap<>();
    actor.put(Caller.USER_ID, caller.userId().value());
    actor.put(Caller.APP_ID, caller.appId());
    actor.put(Caller.ACTOR, caller.admin() ? Caller.ACTOR_ADMIN : Caller.ACTOR_USER);
    String requestId = MDC.get("request_id");
    if (requestId != null) {
      actor.put(Caller.REQUEST_ID, requestId);
    }
    return actor;
  }

  /**
   * A turn's deltas and tool calls as stream events: {@code content_block:delta}, and {@code
   * tool:pre} (call id, tool name, arguments), {@code tool:post} (output) or {@code tool:error}.
   */
  private record StreamListener(TurnStreams.Writer writer) implements TurnListener {
    @Override
    public void onDelta(String text) {
      writer.delta(text);
    }

    @Override
    public void onToolPre(ToolCallRequest call) {
      writer.event(toolEvent("tool:pre", call, "arguments", call.arguments()));
    }

    @Override
    public void onToolPost(ToolCallRequest call, String output) {
      writer.event(toolEvent("tool:post", call, "output", output));
    }

    @Override
    public void onToolError(ToolCallRequest call, String error) {
      writer.event(toolEvent("tool:error", call, "error", error));
    }

    @Override
    public void onApprovalRequested(String approvalId, ToolCallRequest call) {
      Map<String, Object> event = new LinkedHashMap<>();
      event.put("type", "approval:requested");
      event.put("approval_id", approvalId);
      event.put("call_id", call.callId());
      event.put("tool_name", call.name());
      event.put("arguments", call.arguments());
      writer.event(event);
    }

    @Override
    public void onApprovalDecided(
        String approvalId,
        ToolCallRequest call,
        boolean allowed,
        @Nullable String reason,
        String decidedBy) {
      Map<String, Object> event = new LinkedHashMap<>();
      event.put("type", allowed ? "approval:granted" : "approval:denied");
      event.put("approval_id", approvalId);
      event.put("call_id", call.callId());
      event.put("tool_name", call.name());
      event.put("reason", reason);
      event.put("decided_by", decidedBy);
      writer.event(event);
    }

    private static Map<String, Object> toolEvent(
        String type, ToolCallRequest call, String field, String value) {
      Map<String, Object> event = new LinkedHashMap<>();
      event.put("type", type);
      event.put("call_id", call.callId());
      event.put("tool_name", call.name());
      event.put(field, value);
      return event;
    }
  }

  /** The last events of a turn that ended with a reply (possibly cancelled). */
  static List<Map<String, Object>> replyEvents(
      String turnId, String content, Map<String, Object> usage, boolean cancelled) {
    Map<String, Object> end = new LinkedHashMap<>();
    end.put("type", "content_block:end");
    end.put("index", 0);
    Map<String, Object> response = new LinkedHashMap<>();
    response.put("type", "response");
    response.put("content", content);
    response.put("turn_id", turnId);
    response.put("cancelled", cancelled);
    response.put("usage", usage);
    return List.of(end, response, Map.of("type", "done"));
  }

  /** The last event of a turn that failed. */
  static Map<String, Object> errorEvent(String message, @Nullable String problem) {
    Map<String, Object> error = new LinkedHashMap<>();
    error.put("type", "error");
    error.put("message", message);
    if (problem != null) {
      error.put("problem", "/problems/" + problem);
    }
    return error;
  }
}
