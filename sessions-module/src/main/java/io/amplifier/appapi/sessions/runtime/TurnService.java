package io.amplifier.appapi.sessions.runtime;

import io.amplifier.appapi.sessions.api.FindSessionQuery;
import io.amplifier.appapi.sessions.api.FindSessionTurnQuery;
import io.amplifier.appapi.sessions.api.SessionId;
import io.amplifier.appapi.sessions.api.SessionTurnView;
import io.amplifier.appapi.sessions.api.SessionView;
import io.amplifier.appapi.users.api.Caller;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.stereotype.Component;

/**
 * Turns as jobs: the one place a turn is orchestrated. It opens the turn (an event on the session),
 * opens its stream ({@link TurnStreams}), runs it on a turn thread ({@link TurnRunner}) that no
 * HTTP connection holds, and writes the stream's last events once the turn's end is recorded and
 * visible in the read model. Every route of a turn ({@code /turns}, {@code /messages}, {@code
 * /stream}, {@code /turns/{id}/events}) only starts or observes one.
 */
@Component
public class TurnService {

  private static final Logger log = LoggerFactory.getLogger(TurnService.class);

  private final TurnRunner runner;
  private final TurnStreams streams;
  private final QueryGateway queries;

  TurnService(TurnRunner runner, TurnStreams streams, QueryGateway queries) {
    this.runner = runner;
    this.streams = streams;
    this.queries = queries;
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
    TurnRunner.PreparedTurn turn =
        runner.prepare(session, requester, message, context, actor(caller)).withClientTools(tools);
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
    CompletableFuture<TurnRunner.Outcome> running;
    try {
      running = runner.start(turn, new StreamListener(writer), stream);
    } catch (TurnCapacityException full) {
      writer.end(List.of(errorEvent(full.getMessage(), "service-unavailable")));
      throw full;
    }
    CompletableFuture<TurnRunner.Outcome> ended =
        running.handle(
            (outcome, failure) -> {
              if (failure != null) {
                writer.end(List.of(errorEvent("The turn could not be completed", null)));
                throw failure instanceof CompletionException c
                    ? c
                    : new CompletionException(failure);
              }
              awaitVersion(session.sessionId(), requester, outcome.version());
              writer.end(
                  outcome.error() != null
                      ? List.of(errorEvent(outcome.error(), outcome.problem()))
                      : replyEvents(
                          outcome.turnId(),
                          outcome.content(),
                          outcome.usage(),
                          outcome.cancelled()));
              return outcome;
            });
    return new StartedTurn(turn.turnId(), ended);
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
    return turn;
  }

  /** Asks whichever turn runs in {@code session} to stop (the original's {@code /cancel}). */
  public void cancel(SessionView session, String requesterId) {
    runner.cancel(session, requesterId);
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
