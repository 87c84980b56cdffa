package io.amplifier.appapi.sessions.web;

import static io.amplifier.appapi.sessions.web.SessionAccess.requireActive;
import static io.amplifier.appapi.sessions.web.SessionAccess.user;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.amplifier.appapi.sessions.api.SessionTurnView;
import io.amplifier.appapi.sessions.api.SessionView;
import io.amplifier.appapi.sessions.api.SubmitSessionToolResultsCommand;
import io.amplifier.appapi.sessions.runtime.ClientTools;
import io.amplifier.appapi.sessions.runtime.ToolSpec;
import io.amplifier.appapi.sessions.runtime.TurnService;
import io.amplifier.appapi.sessions.runtime.TurnStreams;
import io.amplifier.appapi.sessions.web.TurnResponses.CancelRequested;
import io.amplifier.appapi.sessions.web.TurnResponses.MessageReply;
import io.amplifier.appapi.sessions.web.TurnResponses.ReplyMetadata;
import io.amplifier.appapi.sessions.web.TurnResponses.TurnAccepted;
import io.amplifier.appapi.sessions.web.TurnResponses.TurnCancelRequested;
import io.amplifier.appapi.sessions.web.TurnResponses.TurnResponse;
import io.amplifier.appapi.users.api.Caller;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

/**
 * The turn routes. A turn is a job ({@link TurnService}): {@code POST …/turns} starts one and
 * answers at once, {@code GET …/turns/{turn_id}} reads it and {@code …/events} follows its stream
 * from any node; {@code /messages} and {@code /stream} are the original's routes, kept as they were
 * on top of the same turn, and {@code /cancel} stops whichever turn runs.
 */
@RestController
@RequestMapping("/sessions")
class TurnController {

  /** What each stream sends, for the OpenAPI document. */
  static final String STREAM_EVENTS =
      "Each event is `data: {json}` with a `type`: `connected` (session_id, turn_id), "
          + "`content_block:start`, `content_block:delta` (text), `content_block:end`; in a tool turn "
          + "`tool:pre` (call_id, tool_name, arguments: JSON text) before a tool runs, then `tool:post` "
          + "(call_id, tool_name, output) or `tool:error` (call_id, tool_name, error); for a tool the "
          + "client declared, `tool:pre` and then the turn waits (requires_action) for POST "
          + "…/tool-results; when the config's approvals ask, `approval:requested` (approval_id, "
          + "call_id, tool_name, arguments), then `approval:granted` or `approval:denied` (reason, "
          + "decided_by); then `response` "
          + "(content, turn_id, cancelled, usage), `done`, or `error` (message, problem). "
          + "A `: keepalive` comment every 15 s.";

  /** The longest output or error text of one client tool result. */
  static final int MAX_RESULT_CHARS = 200_000;

  /** Starts the message's turn in an active session, with the client's tools if it declares any. */
  private TurnService.StartedTurn start(
      SessionView session, MessageRequest request, Caller caller) {
    return turns.start(
        session, caller, request.message(), request.context(), clientTools(request.tools()), true);
  }

  private final TurnService turns;
  private final ClientTools clientTools;
  private final SessionAccess sessions;
  private final TurnEventStream stream;
  private final TurnStreams streams;

  TurnController(
      TurnService turns,
      SessionAccess sessions,
      TurnEventStream stream,
      TurnStreams streams,
      ClientTools clientTools) {
    this.turns = turns;
    this.clientTools = clientTools;
    this.sessions = sessions;
    this.stream = stream;
    this.streams = streams;
  }

  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  record MessageRequest(
      @NotBlank @Size(max = 200_000) String message,
      @Nullable Map<String, Object> context,
      @Nullable List<JsonNode> tools) {}

  /** The client's answer to one call of a tool it declared: {@code output} or {@code error}. */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  record ToolResultRequest(
      @Nullable String callId, @Nullable String output, @Nullable String error) {}

  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  record ToolResultsAccepted(String sessionId, String turnId, String status) {}

  @Operation(
      summary = "Start a turn as a job",
      description =
          "Answers at once; the turn runs on without any connection. Read it with GET …/turns/{turn_id}, "
              + "follow it with GET …/turns/{turn_id}/events, cancel it with DELETE …/turns/{turn_id}.")
  @ApiResponse(responseCode = "202", description = "Accepted: the turn runs; Location names it")
  @ApiResponse(responseCode = "400", description = "The session's config cannot run turns")
  @ApiResponse(
      responseCode = "404",
      description = "Session not found (or not visible to the caller)")
  @ApiResponse(responseCode = "403", description = "Viewers cannot send messages")
  @ApiResponse(
      responseCode = "409",
      description = "The session is closed or a turn is already running")
  @ApiResponse(
      responseCode = "422",
      description = "Invalid field (named in errors), e.g. context over 16 KiB")
  @ApiResponse(
      responseCode = "503",
      description = "This node runs as many turns as it may (Retry-After)")
  @PostMapping("/{sessionId}/turns")
  ResponseEntity<TurnAccepted> startTurn(
      @PathVariable String sessionId, @Valid @RequestBody MessageRequest request, Caller caller) {
    SessionView session = requireActive(sessions.find(sessionId, caller));
    TurnService.StartedTurn turn = start(session, request, caller);
    String path = "/sessions/" + session.sessionId().value() + "/turns/" + turn.turnId();
    return ResponseEntity.accepted()
        .location(URI.create(path))
        .body(
            new TurnAccepted(
                session.sessionId().value().toString(),
                turn.turnId(),
                "running",
                path + "/events"));
  }

  @Operation(
      summary =
          "Read a turn: status (running | requires_action | completed | failed | cancelled), result, usage")
  @ApiResponse(responseCode = "200", description = "OK")
  @ApiResponse(
      responseCode = "404",
      description = "Session or turn not found (or not visible to the caller)")
  @GetMapping("/{sessionId}/turns/{turnId}")
  TurnResponse turn(@PathVariable String sessionId, @PathVariable String turnId, Caller caller) {
    return TurnResponse.of(find(sessions.find(sessionId, caller), turnId));
  }

  @Operation(summary = "Cancel a turn, wherever it runs")
  @ApiResponse(responseCode = "202", description = "Accepted: the turn ends as cancelled")
  @ApiResponse(responseCode = "403", description = "Viewers cannot cancel turns")
  @ApiResponse(
      responseCode = "404",
      description = "Session or turn not found (or not visible to the caller)")
  @ApiResponse(responseCode = "409", description = "The turn has ended already")
  @DeleteMapping("/{sessionId}/turns/{turnId}")
  ResponseEntity<TurnCancelRequested> cancelTurn(
      @PathVariable String sessionId, @PathVariable String turnId, Caller caller) {
    SessionView session = sessions.find(sessionId, caller);
    SessionTurnView turn = turns.cancel(session, user(caller), SessionAccess.turnId(turnId));
    return ResponseEntity.status(HttpStatus.ACCEPTED)
        .body(
            new TurnCancelRequested(
                session.sessionId().value().toString(),
                turn.turnId(),
                turn.status().wire(),
                "Cancellation requested"));
  }

  @Operation(
      summary = "Follow a turn's events as Server-Sent Events, resumable with Last-Event-ID",
      description =
          "Every event has an `id:` (1, 2, …); reconnecting with `Last-Event-ID: <id>` sends what "
              + "follows it, from any node, while the turn runs and for at least 10 minutes after it ends "
              + "(TURN_EVENTS_RETENTION_SECONDS). "
              + STREAM_EVENTS)
  @ApiResponse(
      responseCode = "200",
      description = "The event stream, to its last event (`done` or `error`)",
      content = @Content(mediaType = "text/event-stream", schema = @Schema(type = "string")))
  @ApiResponse(
      responseCode = "404",
      description = "Session or turn not found (or not visible to the caller)")
  @ApiResponse(
      responseCode = "410",
      description = "The turn ended too long ago: its events are gone (read the turn)")
  @ApiResponse(responseCode = "422", description = "Last-Event-ID is not an event id")
  @GetMapping("/{sessionId}/turns/{turnId}/events")
  ResponseEntity<StreamingResponseBody> events(
      @PathVariable String sessionId,
      @PathVariable String turnId,
      @Parameter(in = ParameterIn.HEADER, description = "The id of the last event received")
          @RequestHeader(name = "Last-Event-ID", required = false)
          @Nullable String lastEventId,
      Caller caller) {
    SessionView session = sessions.find(sessionId, caller);
    long after = lastEventId(lastEventId);
    String id = SessionAccess.turnId(turnId);
    if (!streams.exists(session.sessionId(), id)) {
      find(session, id);
      throw new ResponseStatusException(
          HttpStatus.GONE,
          "The turn's events are kept for a while after it ends, and are gone; read the turn itself");
    }
    return stream.tail(session.sessionId(), id, after, true, stream.reserve(caller));
  }

  @Operation(
      summary = "Send a message and wait for the reply",
      description =
          "The turn may run tool rounds (the config's MCP `tools`, at most `max_tool_rounds`); "
              + "`metadata.tool_calls` counts the calls; past the limit the answer is a 502 "
              + "`/problems/tool-rounds-exceeded`.")
  @ApiResponse(responseCode = "200", description = "OK")
  @ApiResponse(responseCode = "400", description = "The session's config cannot run turns")
  @ApiResponse(
      responseCode = "404",
      description = "Session not found (or not visible to the caller)")
  @ApiResponse(responseCode = "403", description = "Viewers cannot send messages")
  @ApiResponse(
      responseCode = "409",
      description = "The session is closed or a turn is already running")
  @ApiResponse(
      responseCode = "422",
      description = "Invalid field (named in errors), e.g. context over 16 KiB")
  @ApiResponse(responseCode = "502", description = "The provider failed, timed out or was refused")
  @PostMapping("/{sessionId}/messages")
  CompletableFuture<MessageReply> message(
      @PathVariable String sessionId, @Valid @RequestBody MessageRequest request, Caller caller) {
    SessionView session = requireActive(sessions.find(sessionId, caller));
    if (request.tools() != null && !request.tools().isEmpty()) {
      throw new InvalidFieldException(
          "tools",
          "client-side tools need a turn the client can answer: use POST /sessions/{id}/turns"
              + " or /stream");
    }
    return turns
        .start(session, caller, request.message(), request.context(), false)
        .outcome()
        .thenApply(
            outcome -> {
              if (outcome.error() != null) {
                throw new TurnFailedException(outcome.problem(), outcome.error());
              }
              return new MessageReply(
                  session.sessionId().value().toString(),
                  outcome.content(),
                  new ReplyMetadata(
                      session.configId(), outcome.turnId(), outcome.cancelled(), outcome.usage()));
            });
  }

  /**
   * Streams a turn as Server-Sent Events, as the original did (no {@code id:} lines): the turn is
   * an ordinary one, and this response one reader of its events.
   */
  @Operation(
      summary = "Send a message and stream the reply as Server-Sent Events",
      description = STREAM_EVENTS)
  @ApiResponse(responseCode = "200", description = "OK")
  @ApiResponse(responseCode = "400", description = "The session's config cannot run turns")
  @ApiResponse(
      responseCode = "404",
      description = "Session not found (or not visible to the caller)")
  @ApiResponse(responseCode = "403", description = "Viewers cannot send messages")
  @ApiResponse(
      responseCode = "409",
      description = "The session is closed or a turn is already running")
  @ApiResponse(
      responseCode = "422",
      description = "Invalid field (named in errors), e.g. context over 16 KiB")
  @PostMapping("/{sessionId}/stream")
  ResponseEntity<StreamingResponseBody> stream(
      @PathVariable String sessionId, @Valid @RequestBody MessageRequest request, Caller caller) {
    SessionView session = requireActive(sessions.find(sessionId, caller));
    TurnEventStream.Slot slot = stream.reserve(caller);
    TurnService.StartedTurn turn;
    try {
      turn = start(session, request, caller);
    } catch (RuntimeException refused) {
      slot.close();
      throw refused;
    }
    return stream.tail(session.sessionId(), turn.turnId(), 0, false, slot);
  }

  @Operation(summary = "Cancel the running turn")
  @ApiResponse(responseCode = "200", description = "OK")
  @ApiResponse(
      responseCode = "404",
      description = "Session not found or not active (no turn is running)")
  @ApiResponse(responseCode = "403", description = "Viewers cannot cancel turns")
  @PostMapping("/{sessionId}/cancel")
  CancelRequested cancel(@PathVariable String sessionId, Caller caller) {
    SessionView session = sessions.find(sessionId, caller);
    turns.cancel(session, user(caller));
    return new CancelRequested(session.sessionId().value().toString(), "Cancellation requested");
  }

  @Operation(
      summary = "Answer the calls of client-declared tools a turn waits for",
      description =
          "Body: [{call_id, output | error}]. The turn (status requires_action) goes on with the"
              + " results, on whichever node runs it.")
  @ApiResponse(responseCode = "202", description = "Accepted: the turn goes on")
  @ApiResponse(responseCode = "403", description = "Viewers cannot answer tool calls")
  @ApiResponse(
      responseCode = "404",
      description = "Session or turn not found (or not visible to the caller)")
  @ApiResponse(responseCode = "409", description = "The turn is not waiting for tool results")
  @ApiResponse(
      responseCode = "422",
      description = "Invalid field (named in errors), e.g. a call_id the turn does not wait for")
  @PostMapping("/{sessionId}/turns/{turnId}/tool-results")
  ResponseEntity<ToolResultsAccepted> toolResults(
      @PathVariable String sessionId,
      @PathVariable String turnId,
      @RequestBody List<ToolResultRequest> request,
      Caller caller) {
    SessionView session = sessions.find(sessionId, caller);
    SessionTurnView turn = find(session, turnId);
    if (request.isEmpty() || request.size() > ClientTools.MAX_TOOLS) {
      throw new InvalidFieldException(
          "results", "must list 1 to " + ClientTools.MAX_TOOLS + " results");
    }
    List<SubmitSessionToolResultsCommand.Result> results = new ArrayList<>();
    for (int i = 0; i < request.size(); i++) {
      ToolResultRequest r = request.get(i);
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
    return ResponseEntity.accepted()
        .body(
            new ToolResultsAccepted(
                session.sessionId().value().toString(), turn.turnId(), "running"));
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
    java.util.Set<String> names = new java.util.HashSet<>();
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
        schema =
            com.fasterxml.jackson.databind.node.JsonNodeFactory.instance
                .objectNode()
                .put("type", "object");
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

  private SessionTurnView find(SessionView session, String turnId) {
    return turns.get(session.sessionId(), SessionAccess.turnId(turnId));
  }

  private static long lastEventId(@Nullable String header) {
    if (header == null || header.isBlank()) {
      return 0;
    }
    try {
      long id = Long.parseLong(header.trim());
      if (id >= 0) {
        return id;
      }
    } catch (NumberFormatException e) {
      // answered below
    }
    throw new InvalidFieldException(
        "Last-Event-ID", "must be the id of an event of this stream (a number)");
  }
}
