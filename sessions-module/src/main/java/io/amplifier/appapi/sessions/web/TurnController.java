package io.amplifier.appapi.sessions.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.amplifier.appapi.sessions.api.SessionTurnView;
import io.amplifier.appapi.sessions.api.SessionView;
import io.amplifier.appapi.sessions.service.InvalidFieldException;
import io.amplifier.appapi.sessions.service.SessionAccess;
import io.amplifier.appapi.sessions.service.SessionTurns;
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
import java.util.List;
import java.util.Map;
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
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

/**
 * The turn routes: a turn is a job ({@link SessionTurns}): {@code POST …/turns} starts one and
 * answers at once, {@code GET …/turns/{turn_id}} reads it and {@code …/events} follows its stream
 * from any node; the original's {@code /messages}, {@code /stream} and {@code /cancel} are {@link
 * MessageController}'s.
 */
@RestController
@RequestMapping("/sessions")
class TurnController {

  static final String NOT_VISIBLE = "Session or turn not found (or not visible to the caller)";

  private final SessionTurns turns;
  private final SessionAccess sessions;
  private final TurnEventStream stream;

  TurnController(SessionTurns turns, SessionAccess sessions, TurnEventStream stream) {
    this.turns = turns;
    this.sessions = sessions;
    this.stream = stream;
  }

  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  record MessageRequest(
      @NotBlank @Size(max = 200_000) String message,
      @Nullable Map<String, Object> context,
      @Nullable List<JsonNode> tools,
      @Schema(
              description =
                  "What this message does when a turn of the session runs (default: the config's"
                      + " session.multitask_strategy, else reject): reject (409 naming"
                      + " running_turn_id), enqueue (runs after, in order; at most 8 wait),"
                      + " interrupt (cancels the running turn, keeping its output, then runs),"
                      + " rollback (cancels it and drops it from the transcript, then runs)",
              allowableValues = {"reject", "enqueue", "interrupt", "rollback"})
          @Nullable String multitaskStrategy) {}

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
    SessionView session = sessions.find(sessionId, caller);
    SessionTurns.Started started =
        turns.start(
            session,
            request.message(),
            request.context(),
            request.tools(),
            request.multitaskStrategy(),
            caller);
    String turnId = started.turnId();
    String path = "/sessions/" + session.sessionId().value() + "/turns/" + turnId;
    return ResponseEntity.accepted()
        .location(URI.create(path))
        .body(
            new TurnAccepted(
                session.sessionId().value().toString(),
                turnId,
                started.status(),
                path + "/events"));
  }

  @Operation(
      summary =
          "Read a turn: status (running | requires_action | completed | failed | cancelled), result, usage")
  @ApiResponse(responseCode = "200", description = "OK")
  @ApiResponse(responseCode = "404", description = NOT_VISIBLE)
  @GetMapping("/{sessionId}/turns/{turnId}")
  TurnResponse turn(@PathVariable String sessionId, @PathVariable String turnId, Caller caller) {
    return TurnResponse.of(turns.find(sessions.find(sessionId, caller), turnId));
  }

  @Operation(summary = "Cancel a turn, wherever it runs")
  @ApiResponse(responseCode = "202", description = "Accepted: the turn ends as cancelled")
  @ApiResponse(responseCode = "403", description = "Viewers cannot cancel turns")
  @ApiResponse(responseCode = "404", description = NOT_VISIBLE)
  @ApiResponse(responseCode = "409", description = "The turn has ended already")
  @DeleteMapping("/{sessionId}/turns/{turnId}")
  ResponseEntity<TurnCancelRequested> cancelTurn(
      @PathVariable String sessionId, @PathVariable String turnId, Caller caller) {
    SessionView session = sessions.find(sessionId, caller);
    SessionTurnView turn = turns.cancel(session, turnId, caller);
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
              + MessageController.STREAM_EVENTS)
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
      Caller caller) {
    SessionView session = sessions.find(sessionId, caller);
    long after = lastEventId(lastEventId);
    String id = turns.requireEvents(session, turnId);
    return stream.tail(session.sessionId(), id, after, true, stream.reserve(caller));
  }

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
      Caller caller) {
    SessionView session = sessions.find(sessionId, caller);
    List<SessionTurns.ToolResult> results =
        request.stream()
            .map(
                r ->
                    r == null
                        ? null
                        : new SessionTurns.ToolResult(r.callId(), r.output(), r.error()))
            .toList();
    SessionTurnView turn = turns.submit(session, turnId, results, caller);
    return ResponseEntity.accepted()
        .body(
            new ToolResultsAccepted(
                session.sessionId().value().toString(), turn.turnId(), "running"));
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
