package io.amplifier.appapi.sessions.web;

import io.amplifier.appapi.sessions.web.TurnController.MessageRequest;
import io.amplifier.appapi.sessions.web.TurnController.ToolResultRequest;
import io.amplifier.appapi.sessions.web.TurnController.ToolResultsAccepted;
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
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

/**
 * The turn routes as HTTP sees them, with their OpenAPI description; {@link TurnController} maps
 * them to the turn service.
 */
@RequestMapping("/sessions")
interface TurnApi {

  String NOT_VISIBLE = "Session or turn not found (or not visible to the caller)";

  /** What each stream sends, for the OpenAPI document. */
  String STREAM_EVENTS =
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

  /** The refusals of every route that starts a turn from a message. */
  @Target(ElementType.METHOD)
  @Retention(RetentionPolicy.RUNTIME)
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
  @interface TurnStartRefusals {}

  @Operation(
      summary = "Start a turn as a job",
      description =
          "Answers at once; the turn runs on without any connection. Read it with GET …/turns/{turn_id}, "
              + "follow it with GET …/turns/{turn_id}/events, cancel it with DELETE …/turns/{turn_id}.")
  @ApiResponse(responseCode = "202", description = "Accepted: the turn runs; Location names it")
  @TurnStartRefusals
  @ApiResponse(
      responseCode = "503",
      description = "This node runs as many turns as it may (Retry-After)")
  @PostMapping("/{sessionId}/turns")
  ResponseEntity<TurnAccepted> startTurn(
      @PathVariable String sessionId, @Valid @RequestBody MessageRequest request, Caller caller);

  @Operation(
      summary =
          "Read a turn: status (running | requires_action | completed | failed | cancelled), result, usage")
  @ApiResponse(responseCode = "200", description = "OK")
  @ApiResponse(responseCode = "404", description = NOT_VISIBLE)
  @GetMapping("/{sessionId}/turns/{turnId}")
  TurnResponse turn(@PathVariable String sessionId, @PathVariable String turnId, Caller caller);

  @Operation(summary = "Cancel a turn, wherever it runs")
  @ApiResponse(responseCode = "202", description = "Accepted: the turn ends as cancelled")
  @ApiResponse(responseCode = "403", description = "Viewers cannot cancel turns")
  @ApiResponse(responseCode = "404", description = NOT_VISIBLE)
  @ApiResponse(responseCode = "409", description = "The turn has ended already")
  @DeleteMapping("/{sessionId}/turns/{turnId}")
  ResponseEntity<TurnCancelRequested> cancelTurn(
      @PathVariable String sessionId, @PathVariable String turnId, Caller caller);

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
  @ApiResponse(responseCode = "404", description = NOT_VISIBLE)
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
      Caller caller);

  @Operation(
      summary = "Answer the calls of client-declared tools a turn waits for",
      description =
          "Body: [{call_id, output | error}]. The turn (status requires_action) goes on with the"
              + " results, on whichever node runs it.")
  @ApiResponse(responseCode = "202", description = "Accepted: the turn goes on")
  @ApiResponse(responseCode = "403", description = "Viewers cannot answer tool calls")
  @ApiResponse(responseCode = "404", description = NOT_VISIBLE)
  @ApiResponse(responseCode = "409", description = "The turn is not waiting for tool results")
  @ApiResponse(
      responseCode = "422",
      description = "Invalid field (named in errors), e.g. a call_id the turn does not wait for")
  @PostMapping("/{sessionId}/turns/{turnId}/tool-results")
  ResponseEntity<ToolResultsAccepted> toolResults(
      @PathVariable String sessionId,
      @PathVariable String turnId,
      @RequestBody List<ToolResultRequest> request,
      Caller caller);
}
