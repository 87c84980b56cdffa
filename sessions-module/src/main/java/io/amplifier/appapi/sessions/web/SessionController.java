package io.amplifier.appapi.sessions.web;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.amplifier.appapi.sessions.api.FindSessionContextQuery;
import io.amplifier.appapi.sessions.api.SessionContextView;
import io.amplifier.appapi.sessions.api.SessionPage;
import io.amplifier.appapi.sessions.api.SessionStatus;
import io.amplifier.appapi.sessions.api.SessionView;
import io.amplifier.appapi.sessions.service.SessionService;
import io.amplifier.appapi.sessions.web.SessionResponses.Deleted;
import io.amplifier.appapi.sessions.web.SessionResponses.SessionChanged;
import io.amplifier.appapi.sessions.web.SessionResponses.SessionForked;
import io.amplifier.appapi.sessions.web.SessionResponses.SessionList;
import io.amplifier.appapi.sessions.web.SessionResponses.TranscriptMessage;
import io.amplifier.appapi.sessions.web.SessionResponses.TranscriptPage;
import io.amplifier.appapi.users.api.Caller;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The session routes: lifecycle, transcript (also as it was) and forks; sharing is {@link
 * ParticipantController}'s, turns {@link TurnController}'s. The work is {@link SessionService}'s.
 */
@RestController
@RequestMapping("/sessions")
class SessionController {

  private static final String NOT_VISIBLE = "Session not found (or not visible to the caller)";

  private final SessionService sessions;
  private final QueryGateway queries;

  SessionController(SessionService sessions, QueryGateway queries) {
    this.sessions = sessions;
    this.queries = queries;
  }

  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  record StartSessionRequest(
      @NotBlank String configId,
      @Nullable Map<String, String> tags,
      @Nullable Map<String, Object> metadata) {}

  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  record ForkRequest(@Nullable @Min(0) Integer afterTurn) {}

  @Operation(summary = "Create a session from a config")
  @ApiResponse(responseCode = "201", description = "Created")
  @ApiResponse(responseCode = "400", description = "The config cannot run turns")
  @ApiResponse(responseCode = "404", description = "Config not found")
  @ApiResponse(responseCode = "422", description = "Invalid field (named in errors)")
  @PostMapping
  ResponseEntity<SessionChanged> start(
      @Valid @RequestBody StartSessionRequest request, Caller caller) {
    SessionView view =
        sessions.start(request.configId(), request.tags(), request.metadata(), caller);
    return ResponseEntity.created(URI.create("/sessions/" + view.sessionId().value()))
        .body(SessionChanged.of(view, "Session created successfully"));
  }

  @Operation(summary = "List the sessions the caller owns or shares")
  @ApiResponse(responseCode = "200", description = "OK")
  @ApiResponse(responseCode = "422", description = "Invalid limit, offset, status or tags filter")
  @GetMapping
  SessionList list(
      @RequestParam(defaultValue = "50") @Min(1) @Max(1000) int limit,
      @RequestParam(defaultValue = "0") @Min(0) int offset,
      @RequestParam(required = false)
          @Nullable
          @Pattern(
              regexp = "active|completed|failed|cancelled",
              message = "must be active, completed, failed or cancelled")
          String status,
      @RequestParam(name = "config_id", required = false) @Nullable String configId,
      @RequestParam(required = false) @Nullable String tags,
      Caller caller) {
    SessionPage page = sessions.list(limit, offset, status, configId, tags, caller);
    return new SessionList(
        page.sessions().stream().map(SessionResponse::summary).toList(), page.total());
  }

  @Operation(summary = "Get a session")
  @ApiResponse(responseCode = "200", description = "OK")
  @ApiResponse(responseCode = "404", description = NOT_VISIBLE)
  @GetMapping("/{sessionId}")
  ResponseEntity<SessionResponse> get(
      @PathVariable String sessionId,
      @RequestParam(required = false) @Nullable @Min(0) Long version,
      @RequestParam(name = "as_of", required = false) @Nullable Instant asOf,
      Caller caller) {
    if (version != null || asOf != null) {
      SessionView then = sessions.asItWas(sessionId, version, asOf, caller).view();
      return ResponseEntity.ok()
          .headers(pointInTime(then))
          .body(SessionResponse.full(then, caller.userId().value(), null));
    }
    SessionView view = sessions.find(sessionId, caller);
    return ResponseEntity.ok(
        SessionResponse.full(view, caller.userId().value(), null)
            .withContext(
                queries
                    .query(
                        new FindSessionContextQuery(view.sessionId()),
                        ResponseTypes.instanceOf(SessionContextView.class))
                    .join()));
  }

  @Operation(summary = "Delete a session")
  @ApiResponse(responseCode = "200", description = "OK")
  @ApiResponse(responseCode = "404", description = NOT_VISIBLE)
  @ApiResponse(responseCode = "403", description = "Only the owner may delete")
  @DeleteMapping("/{sessionId}")
  Deleted delete(@PathVariable String sessionId, Caller caller) {
    sessions.delete(sessionId, caller);
    return new Deleted("Session deleted successfully");
  }

  @Operation(summary = "Resume a session")
  @ApiResponse(responseCode = "200", description = "OK")
  @ApiResponse(responseCode = "404", description = NOT_VISIBLE)
  @ApiResponse(responseCode = "403", description = "Viewers cannot change the session")
  @ApiResponse(responseCode = "409", description = "The session cannot be resumed")
  @PostMapping("/{sessionId}/resume")
  SessionChanged resume(@PathVariable String sessionId, Caller caller) {
    return SessionChanged.of(
        sessions.changeStatus(sessionId, caller, SessionStatus.ACTIVE),
        "Session resumed successfully");
  }

  @Operation(summary = "Mark a session completed")
  @ApiResponse(responseCode = "200", description = "OK")
  @ApiResponse(responseCode = "404", description = NOT_VISIBLE)
  @ApiResponse(responseCode = "403", description = "Viewers cannot change the session")
  @ApiResponse(responseCode = "409", description = "The session is not active")
  @PostMapping("/{sessionId}/complete")
  SessionChanged complete(@PathVariable String sessionId, Caller caller) {
    return SessionChanged.of(
        sessions.changeStatus(sessionId, caller, SessionStatus.COMPLETED),
        "Session completed successfully");
  }

  @Operation(
      summary = "Read the transcript, paged by seq",
      description =
          "Messages have role `user`, `assistant` or `tool`; a `tool` message is one tool call "
              + "of a turn: `content` is its output and `tool` holds call_id, name, arguments (JSON text) and "
              + "error (true when the output is an error).")
  @ApiResponse(responseCode = "200", description = "OK")
  @ApiResponse(responseCode = "404", description = NOT_VISIBLE)
  @ApiResponse(responseCode = "422", description = "Invalid after or limit")
  @GetMapping("/{sessionId}/messages")
  TranscriptPage transcript(
      @PathVariable String sessionId,
      @RequestParam(defaultValue = "0") @Min(0) int after,
      @RequestParam(defaultValue = "100") @Min(1) @Max(1000) int limit,
      @RequestParam(required = false) @Nullable @Min(0) Long version,
      @RequestParam(name = "as_of", required = false) @Nullable Instant asOf,
      Caller caller,
      HttpServletResponse response) {
    SessionService.TranscriptRead read =
        sessions.transcript(sessionId, after, limit, version, asOf, caller);
    if (read.asItWas()) {
      pointInTime(read.session())
          .forEach((name, values) -> values.forEach(v -> response.addHeader(name, v)));
    }
    List<TranscriptMessage> messages =
        read.transcript().entries().stream().map(TranscriptMessage::of).toList();
    return new TranscriptPage(
        read.session().sessionId().value().toString(),
        messages,
        messages.size() == limit ? messages.get(messages.size() - 1).seq() : null);
  }

  @Operation(summary = "Fork the session, up to a turn, into a new one of the caller's")
  @ApiResponse(responseCode = "201", description = "Created")
  @ApiResponse(responseCode = "404", description = NOT_VISIBLE)
  @ApiResponse(
      responseCode = "422",
      description = "after_turn is invalid or the copy would be too large")
  @PostMapping("/{sessionId}/fork")
  ResponseEntity<SessionForked> fork(
      @PathVariable String sessionId,
      @Valid @RequestBody(required = false) @Nullable ForkRequest request,
      Caller caller) {
    Integer afterTurn = request == null ? null : request.afterTurn();
    SessionService.Forked fork = sessions.fork(sessionId, afterTurn, caller);
    SessionView view = fork.view();
    return ResponseEntity.created(URI.create("/sessions/" + view.sessionId().value()))
        .body(
            new SessionForked(
                view.sessionId().value().toString(),
                view.configId(),
                view.status().wire(),
                view.messageCount(),
                "Session forked successfully",
                fork.source().sessionId().value().toString(),
                afterTurn));
  }

  /**
   * Names the version served: its sequence number as ETag, its instant as Last-Modified and
   * X-As-Of.
   */
  private static HttpHeaders pointInTime(SessionView view) {
    HttpHeaders headers = new HttpHeaders();
    headers.setETag("\"" + view.version() + "\"");
    headers.setLastModified(view.updatedAt());
    headers.set("X-As-Of", view.updatedAt().toString());
    return headers;
  }
}
