package io.amplifier.appapi.sessions.web;

import io.amplifier.appapi.sessions.api.SessionView;
import io.amplifier.appapi.sessions.service.SessionAccess;
import io.amplifier.appapi.sessions.service.SessionTurns;
import io.amplifier.appapi.sessions.web.TurnController.MessageRequest;
import io.amplifier.appapi.sessions.web.TurnResponses.CancelRequested;
import io.amplifier.appapi.sessions.web.TurnResponses.MessageReply;
import io.amplifier.appapi.sessions.web.TurnResponses.ReplyMetadata;
import io.amplifier.appapi.users.api.Caller;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import java.util.concurrent.CompletableFuture;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

/**
 * The original's message routes, kept as they were on top of an ordinary turn ({@link
 * SessionTurns}): {@code /messages} waits for the reply, {@code /stream} follows it as Server-Sent
 * Events, {@code /cancel} stops whichever turn runs. Documented with the turn routes.
 */
@Tag(name = "turn-controller")
@RestController
@RequestMapping("/sessions")
class MessageController {

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

  private final SessionTurns turns;
  private final SessionAccess sessions;
  private final TurnEventStream stream;

  MessageController(SessionTurns turns, SessionAccess sessions, TurnEventStream stream) {
    this.turns = turns;
    this.sessions = sessions;
    this.stream = stream;
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
    SessionView session = sessions.find(sessionId, caller);
    return turns
        .reply(
            session,
            request.message(),
            request.context(),
            request.tools(),
            request.multitaskStrategy(),
            caller)
        .thenApply(
            reply ->
                new MessageReply(
                    session.sessionId().value().toString(),
                    reply.content(),
                    new ReplyMetadata(
                        session.configId(), reply.turnId(), reply.cancelled(), reply.usage())));
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
    SessionView session = SessionAccess.requireActive(sessions.find(sessionId, caller));
    TurnEventStream.Slot slot = stream.reserve(caller);
    String turnId;
    try {
      turnId =
          turns
              .start(
                  session,
                  request.message(),
                  request.context(),
                  request.tools(),
                  request.multitaskStrategy(),
                  caller)
              .turnId();
    } catch (RuntimeException refused) {
      slot.close();
      throw refused;
    }
    return stream.tail(session.sessionId(), turnId, 0, false, slot);
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
    turns.cancel(session, caller);
    return new CancelRequested(session.sessionId().value().toString(), "Cancellation requested");
  }
}
