package io.amplifier.appapi.sessions.web;

import io.amplifier.appapi.sessions.web.TurnApi.TurnStartRefusals;
import io.amplifier.appapi.sessions.web.TurnController.MessageRequest;
import io.amplifier.appapi.sessions.web.TurnResponses.CancelRequested;
import io.amplifier.appapi.sessions.web.TurnResponses.MessageReply;
import io.amplifier.appapi.users.api.Caller;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.validation.Valid;
import java.util.concurrent.CompletableFuture;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

/**
 * The original's message routes as HTTP sees them, documented with the turn routes; {@link
 * MessageController} maps them to the turn service.
 */
@RequestMapping("/sessions")
interface MessageApi {

  @Operation(
      summary = "Send a message and wait for the reply",
      description =
          "The turn may run tool rounds (the config's MCP `tools`, at most `max_tool_rounds`); "
              + "`metadata.tool_calls` counts the calls; past the limit the answer is a 502 "
              + "`/problems/tool-rounds-exceeded`.")
  @ApiResponse(responseCode = "200", description = "OK")
  @TurnStartRefusals
  @ApiResponse(responseCode = "502", description = "The provider failed, timed out or was refused")
  @PostMapping("/{sessionId}/messages")
  CompletableFuture<MessageReply> message(
      @PathVariable String sessionId, @Valid @RequestBody MessageRequest request, Caller caller);

  /**
   * Streams a turn as Server-Sent Events, as the original did (no {@code id:} lines): the turn is
   * an ordinary one, and this response one reader of its events.
   */
  @Operation(
      summary = "Send a message and stream the reply as Server-Sent Events",
      description = TurnApi.STREAM_EVENTS)
  @ApiResponse(responseCode = "200", description = "OK")
  @TurnStartRefusals
  @PostMapping("/{sessionId}/stream")
  ResponseEntity<StreamingResponseBody> stream(
      @PathVariable String sessionId, @Valid @RequestBody MessageRequest request, Caller caller);

  @Operation(summary = "Cancel the running turn")
  @ApiResponse(responseCode = "200", description = "OK")
  @ApiResponse(
      responseCode = "404",
      description = "Session not found or not active (no turn is running)")
  @ApiResponse(responseCode = "403", description = "Viewers cannot cancel turns")
  @PostMapping("/{sessionId}/cancel")
  CancelRequested cancel(@PathVariable String sessionId, Caller caller);
}
