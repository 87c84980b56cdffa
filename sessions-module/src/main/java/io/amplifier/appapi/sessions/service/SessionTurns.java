package io.amplifier.appapi.sessions.service;

import static io.amplifier.appapi.sessions.service.SessionAccess.requireActive;
import static io.amplifier.appapi.sessions.service.SessionAccess.user;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.amplifier.appapi.sessions.api.SessionTurnView;
import io.amplifier.appapi.sessions.api.SessionView;
import io.amplifier.appapi.sessions.api.SubmitSessionToolResultsCommand;
import io.amplifier.appapi.sessions.runtime.Approvals;
import io.amplifier.appapi.sessions.runtime.ClientTools;
import io.amplifier.appapi.sessions.runtime.MultitaskStrategy;
import io.amplifier.appapi.sessions.runtime.ToolSpec;
import io.amplifier.appapi.sessions.runtime.TurnQueue;
import io.amplifier.appapi.sessions.runtime.TurnService;
import io.amplifier.appapi.sessions.runtime.TurnStreams;
import io.amplifier.appapi.users.api.Caller;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;

/**
 * The turn and approval routes' work on top of the turn runtime: start a turn in an active session
 * (with the client's tools, checked), read and cancel it, check its events are still kept, take the
 * client's tool results and the answers to approvals, each waking the waiting turn.
 */
@Service
public class SessionTurns {

  /** The longest output or error text of one client tool result. */
  public static final int MAX_RESULT_CHARS = 200_000;

  private final TurnService turns;
  private final ClientTools clientTools;
  private final TurnStreams streams;
  private final Approvals approvals;
  private final TurnQueue queue;

  SessionTurns(
      TurnService turns,
      ClientTools clientTools,
      TurnStreams streams,
      Approvals approvals,
      TurnQueue queue) {
    this.queue = queue;
    this.turns = turns;
    this.clientTools = clientTools;
    this.streams = streams;
    this.approvals = approvals;
  }

  /** A blocking turn's reply: the provider's {@code usage} fields, as it gave them. */
  public record Reply(
      String turnId, String content, boolean cancelled, Map<String, Object> usage) {}

  /** A client's answer to one call of a tool it declared: {@code output} or {@code error}. */
  public record ToolResult(
      @Nullable String callId, @Nullable String output, @Nullable String error) {}

  /** A tool call waiting for approval. */
  public record PendingApproval(
      String approvalId, String turnId, String toolName, String arguments, Instant requestedAt) {}

  /** An approval's answer as recorded. */
  public record Decision(String approvalId, boolean allowed, @Nullable String reason) {}

  /**
   * Starts the message's turn in {@code session} (409 unless active), offering the client's {@code
   * tools}; the new turn's id.
   */
  public String start(
      SessionView session,
      String message,
      @Nullable Map<String, Object> context,
      @Nullable List<JsonNode> tools,
      Caller caller) {
    return start(session, message, context, tools, null, caller).turnId();
  }

  /** A started turn's id, and whether it waits behind another ({@code multitask_strategy}). */
  public record Started(String turnId, boolean queued) {

    /** The turn's status as the turn routes answer it: {@code running} or {@code queued}. */
    public String status() {
      return queued ? "queued" : "running";
    }
  }

  /**
   * As {@link #start(SessionView, String, Map, List, Caller)}, a message sent while a turn runs
   * doing as {@code strategy} says ({@link TurnQueue}); an unknown strategy is refused first.
   */
  public Started start(
      SessionView session,
      String message,
      @Nullable Map<String, Object> context,
      @Nullable List<JsonNode> tools,
      @Nullable String strategy,
      Caller caller) {
    MultitaskStrategy parsed = MultitaskStrategy.parse(strategy, STRATEGY);
    List<ToolSpec> specs = clientTools(tools);
    TurnQueue.Accepted accepted =
        queue.submit(requireActive(session), caller, message, context, specs, true, parsed);
    return new Started(accepted.turnId(), accepted.queued());
  }

  /** The request field naming a message's {@code multitask_strategy}. */
  public static final String STRATEGY = "multitask_strategy";

  /**
   * Runs the message's turn as one plain reply (the original's {@code /messages}); a failed turn is
   * a 502 of its problem type. Client tools need a turn the client can answer, so are refused.
   */
  public CompletableFuture<Reply> reply(
      SessionView session,
      String message,
      @Nullable Map<String, Object> context,
      @Nullable List<JsonNode> tools,
      Caller caller) {
    return reply(session, message, context, tools, null, caller);
  }

  /**
   * As {@link #reply(SessionView, String, Map, List, Caller)}, a message sent while a turn runs
   * doing as {@code strategy} says; a queued turn's reply is answered once it has run (the request
   * holds no thread meanwhile).
   */
  public CompletableFuture<Reply> reply(
      SessionView session,
      String message,
      @Nullable Map<String, Object> context,
      @Nullable List<JsonNode> tools,
      @Nullable String strategy,
      Caller caller) {
    MultitaskStrategy parsed = MultitaskStrategy.parse(strategy, STRATEGY);
    requireActive(session);
    if (tools != null && !tools.isEmpty()) {
      throw new InvalidFieldException(
          "tools",
          "client-side tools need a turn the client can answer: use POST /sessions/{id}/turns"
              + " or /stream");
    }
    return queue
        .submit(session, caller, message, context, List.of(), false, parsed)
        .outcome()
        .thenApply(
            outcome -> {
              if (outcome.error() != null) {
                throw new TurnFailedException(outcome.problem(), outcome.error());
              }
              return new Reply(
                  outcome.turnId(), outcome.content(), outcome.cancelled(), outcome.usage());
            });
  }

  public SessionTurnView find(SessionView session, String turnId) {
    return turns.get(session.sessionId(), SessionAccess.turnId(turnId));
  }

  public SessionTurnView cancel(SessionView session, String turnId, Caller caller) {
    return turns.cancel(session, user(caller), SessionAccess.turnId(turnId));
  }

  /** Cancels whichever turn runs (404 when none does). */
  public void cancel(SessionView session, Caller caller) {
    turns.cancel(session, user(caller));
  }

  /** The turn's id once its events are known to be kept: 404 for no such turn, else 410. */
  public String requireEvents(SessionView session, String turnId) {
    String id = SessionAccess.turnId(turnId);
    if (!streams.exists(session.sessionId(), id)) {
      find(session, id);
      throw new GoneException(
          "The turn's events are kept for a while after it ends, and are gone; read the turn itself");
    }
    return id;
  }

  /** Records the client's results for the calls the turn waits for, and wakes it; the turn. */
  public SessionTurnView submit(
      SessionView session, String turnId, List<ToolResult> request, Caller caller) {
    SessionTurnView turn = find(session, turnId);
    if (request.isEmpty() || request.size() > ClientTools.MAX_TOOLS) {
      throw new InvalidFieldException(
          "results", "must list 1 to " + ClientTools.MAX_TOOLS + " results");
    }
    List<SubmitSessionToolResultsCommand.Result> results = new ArrayList<>();
    for (int i = 0; i < request.size(); i++) {
      ToolResult r = request.get(i);
      String at = "[" + i + "].";
      if (r == null || r.callId() == null || r.callId().isBlank() || r.callId().length() > 256) {
        throw new InvalidFieldException(at + "call_id", "is required (at most 256 characters)");
      }
      if ((r.output() == null) == (r.error() == null)) {
        throw new InvalidFieldException(at + "output", "give exactly one of output and error");
      }
      String text = r.output() != null ? r.output() : r.error();
      if (text.length() > MAX_RESULT_CHARS) {
        throw new InvalidFieldException(
            at + (r.output() != null ? "output" : "error"),
            "must be at most " + MAX_RESULT_CHARS + " characters");
      }
      results.add(new SubmitSessionToolResultsCommand.Result(r.callId(), text, r.error() != null));
    }
    clientTools.submit(session, user(caller), turn.turnId(), results);
    turns.wake(session.sessionId());
    return turn;
  }

  /** The tool calls of {@code session} waiting for approval, oldest first. */
  public List<PendingApproval> pending(SessionView session) {
    return approvals.pending(session.sessionId()).stream()
        .map(
            p ->
                new PendingApproval(
                    p.approvalId(), p.turnId(), p.tool(), p.arguments(), p.requestedAt()))
        .toList();
  }

  /** Records the caller's answer to approval {@code approvalId} and wakes the waiting turn. */
  public Decision decide(
      SessionView session,
      String approvalId,
      boolean allow,
      @Nullable String reason,
      Caller caller) {
    if (approvalId.length() > 64) {
      throw new NotFoundException("Approval not found");
    }
    Approvals.Answer answer = approvals.answer(session, user(caller), approvalId, allow, reason);
    turns.wake(session.sessionId());
    return new Decision(answer.approvalId(), answer.allowed(), answer.reason());
  }

  /** The tools a message declares, checked: names as MCP's, bounded count and sizes. */
  static List<ToolSpec> clientTools(@Nullable List<JsonNode> tools) {
    if (tools == null) {
      return List.of();
    }
    if (tools.size() > ClientTools.MAX_TOOLS) {
      throw new InvalidFieldException(
          "tools", "at most " + ClientTools.MAX_TOOLS + " tools per message");
    }
    List<ToolSpec> specs = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (int i = 0; i < tools.size(); i++) {
      String at = "tools[" + i + "]";
      JsonNode tool = tools.get(i);
      if (tool == null || !tool.isObject()) {
        throw new InvalidFieldException(at, "must be an object {name, description, input_schema}");
      }
      JsonNode name = tool.path("name");
      if (!name.isTextual() || !ClientTools.NAME.matcher(name.asText()).matches()) {
        throw new InvalidFieldException(
            at + ".name", "must be 1 to 64 letters, digits, '_' or '-'");
      }
      if (!names.add(name.asText())) {
        throw new InvalidFieldException(at + ".name", "is declared twice");
      }
      JsonNode description = tool.path("description");
      if (!description.isMissingNode()
          && !description.isNull()
          && (!description.isTextual()
              || description.asText().length() > ClientTools.MAX_DESCRIPTION)) {
        throw new InvalidFieldException(
            at + ".description",
            "must be text of at most " + ClientTools.MAX_DESCRIPTION + " characters");
      }
      JsonNode schema = tool.path("input_schema");
      if (schema.isMissingNode() || schema.isNull()) {
        schema = JsonNodeFactory.instance.objectNode().put("type", "object");
      }
      if (!schema.isObject() || schema.toString().length() > ClientTools.MAX_SCHEMA_CHARS) {
        throw new InvalidFieldException(
            at + ".input_schema",
            "must be a JSON Schema object of at most "
                + ClientTools.MAX_SCHEMA_CHARS
                + " characters");
      }
      specs.add(new ToolSpec(name.asText(), description.asText(""), schema.toString()));
    }
    return List.copyOf(specs);
  }
}
