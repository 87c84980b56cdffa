package io.amplifier.appapi.sessions.web;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.amplifier.appapi.platform.api.InputPatterns;
import io.amplifier.appapi.sessions.api.ChangeSessionStatusCommand;
import io.amplifier.appapi.sessions.api.DeleteSessionCommand;
import io.amplifier.appapi.sessions.api.FindSessionAsOfQuery;
import io.amplifier.appapi.sessions.api.FindSessionQuery;
import io.amplifier.appapi.sessions.api.ListSessionsQuery;
import io.amplifier.appapi.sessions.api.ParticipantRole;
import io.amplifier.appapi.sessions.api.RemoveSessionParticipantCommand;
import io.amplifier.appapi.sessions.api.SessionAsOf;
import io.amplifier.appapi.sessions.api.SessionId;
import io.amplifier.appapi.sessions.api.SessionPage;
import io.amplifier.appapi.sessions.api.SessionStarted;
import io.amplifier.appapi.sessions.api.SessionStatus;
import io.amplifier.appapi.sessions.api.SessionView;
import io.amplifier.appapi.sessions.api.SetSessionParticipantCommand;
import io.amplifier.appapi.sessions.api.StartSessionCommand;
import io.amplifier.appapi.sessions.api.Transcript;
import io.amplifier.appapi.sessions.api.TranscriptQuery;
import io.amplifier.appapi.sessions.command.SessionForks;
import io.amplifier.appapi.sessions.runtime.TurnRunner;
import io.amplifier.appapi.sessions.web.SessionResponses.Deleted;
import io.amplifier.appapi.sessions.web.SessionResponses.Participant;
import io.amplifier.appapi.sessions.web.SessionResponses.ParticipantChanged;
import io.amplifier.appapi.sessions.web.SessionResponses.ParticipantList;
import io.amplifier.appapi.sessions.web.SessionResponses.ParticipantRemoved;
import io.amplifier.appapi.sessions.web.SessionResponses.SessionChanged;
import io.amplifier.appapi.sessions.web.SessionResponses.SessionForked;
import io.amplifier.appapi.sessions.web.SessionResponses.SessionList;
import io.amplifier.appapi.sessions.web.SessionResponses.TranscriptMessage;
import io.amplifier.appapi.sessions.web.SessionResponses.TranscriptPage;
import io.amplifier.appapi.users.api.Caller;
import io.amplifier.appapi.users.api.UserId;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * The session routes: lifecycle, transcript (also as it was), sharing and forks; turns are {@link
 * TurnController}'s.
 */
@RestController
@RequestMapping("/sessions")
class SessionController {

  private final CommandGateway commands;
  private final QueryGateway queries;
  private final TurnRunner turns;
  private final SessionAccess sessions;
  private final SessionForks forks;

  SessionController(
      CommandGateway commands,
      QueryGateway queries,
      TurnRunner turns,
      SessionAccess sessions,
      SessionForks forks) {
    this.commands = commands;
    this.queries = queries;
    this.turns = turns;
    this.sessions = sessions;
    this.forks = forks;
  }

  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  record StartSessionRequest(
      @NotBlank String configId,
      @Nullable Map<String, String> tags,
      @Nullable Map<String, Object> metadata) {}

  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  record ParticipantRequest(
      @NotBlank @Size(max = 255) String userId,
      @NotBlank @Pattern(regexp = "editor|viewer", message = "must be editor or viewer")
          String role) {}

  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  record RoleRequest(
      @NotBlank @Pattern(regexp = "editor|viewer", message = "must be editor or viewer")
          String role) {}

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
    TurnRunner.Readiness readiness =
        turns
            .readiness(request.configId(), user(caller))
            .orElseThrow(
                () ->
                    new ResponseStatusException(
                        HttpStatus.NOT_FOUND, "Config not found: " + request.configId()));
    if (!readiness.runnable()) {
      throw new ResponseStatusException(HttpStatus.BAD_REQUEST, readiness.detail());
    }
    SessionId id = SessionId.random();
    Map<String, String> tags = request.tags() == null ? Map.of() : request.tags();
    Map<String, Object> metadata = request.metadata() == null ? Map.of() : request.metadata();
    SessionStarted started =
        commands.sendAndWait(
            new StartSessionCommand(
                id, user(caller), request.configId(), tags, metadata, null, null, List.of()));
    // The view row was written in the command's transaction (inline): answer from the result.
    SessionView view =
        new SessionView(
            id,
            user(caller),
            request.configId(),
            SessionStatus.ACTIVE,
            0,
            0,
            tags,
            metadata,
            Map.of(),
            null,
            null,
            started.at(),
            started.at(),
            started.version());
    return ResponseEntity.created(URI.create("/sessions/" + id.value()))
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
    SessionPage page =
        queries
            .query(
                new ListSessionsQuery(
                    user(caller),
                    limit,
                    offset,
                    status == null ? null : SessionStatus.valueOf(status.toUpperCase(Locale.ROOT)),
                    configId,
                    tags(tags)),
                ResponseTypes.instanceOf(SessionPage.class))
            .join();
    return new SessionList(
        page.sessions().stream().map(SessionResponse::summary).toList(), page.total());
  }

  @Operation(summary = "Get a session")
  @ApiResponse(responseCode = "200", description = "OK")
  @ApiResponse(
      responseCode = "404",
      description = "Session not found (or not visible to the caller)")
  @GetMapping("/{sessionId}")
  ResponseEntity<SessionResponse> get(
      @PathVariable String sessionId,
      @RequestParam(required = false) @Nullable @Min(0) Long version,
      @RequestParam(name = "as_of", required = false) @Nullable Instant asOf,
      Caller caller) {
    if (version != null || asOf != null) {
      SessionView then = asItWas(parse(sessionId), version, asOf, caller).view();
      return ResponseEntity.ok()
          .headers(pointInTime(then))
          .body(SessionResponse.full(then, user(caller), null));
    }
    return ResponseEntity.ok(
        SessionResponse.full(find(parse(sessionId), caller, -1), user(caller), null));
  }

  @Operation(summary = "Delete a session")
  @ApiResponse(responseCode = "200", description = "OK")
  @ApiResponse(
      responseCode = "404",
      description = "Session not found (or not visible to the caller)")
  @ApiResponse(responseCode = "403", description = "Only the owner may delete")
  @DeleteMapping("/{sessionId}")
  Deleted delete(@PathVariable String sessionId, Caller caller) {
    SessionId id = parse(sessionId);
    long seq = commands.sendAndWait(new DeleteSessionCommand(id, user(caller)));
    queries
        .query(
            new FindSessionQuery(id, user(caller), seq),
            ResponseTypes.optionalInstanceOf(SessionView.class))
        .join();
    return new Deleted("Session deleted successfully");
  }

  @Operation(summary = "Resume a session")
  @ApiResponse(responseCode = "200", description = "OK")
  @ApiResponse(
      responseCode = "404",
      description = "Session not found (or not visible to the caller)")
  @ApiResponse(responseCode = "403", description = "Viewers cannot change the session")
  @ApiResponse(responseCode = "409", description = "The session cannot be resumed")
  @PostMapping("/{sessionId}/resume")
  SessionChanged resume(@PathVariable String sessionId, Caller caller) {
    return changeStatus(sessionId, caller, SessionStatus.ACTIVE, "Session resumed successfully");
  }

  @Operation(summary = "Mark a session completed")
  @ApiResponse(responseCode = "200", description = "OK")
  @ApiResponse(
      responseCode = "404",
      description = "Session not found (or not visible to the caller)")
  @ApiResponse(responseCode = "403", description = "Viewers cannot change the session")
  @ApiResponse(responseCode = "409", description = "The session is not active")
  @PostMapping("/{sessionId}/complete")
  SessionChanged complete(@PathVariable String sessionId, Caller caller) {
    return changeStatus(
        sessionId, caller, SessionStatus.COMPLETED, "Session completed successfully");
  }

  private SessionChanged changeStatus(
      String sessionId, Caller caller, SessionStatus status, String message) {
    SessionId id = parse(sessionId);
    long seq = commands.sendAndWait(new ChangeSessionStatusCommand(id, user(caller), status));
    return SessionChanged.of(find(id, caller, seq), message);
  }

  @Operation(
      summary = "Read the transcript, paged by seq",
      description =
          "Messages have role `user`, `assistant` or `tool`; a `tool` message is one tool call "
              + "of a turn: `content` is its output and `tool` holds call_id, name, arguments (JSON text) and "
              + "error (true when the output is an error).")
  @ApiResponse(responseCode = "200", description = "OK")
  @ApiResponse(
      responseCode = "404",
      description = "Session not found (or not visible to the caller)")
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
    SessionView session;
    Transcript transcript;
    if (version != null || asOf != null) {
      SessionAsOf then = asItWas(parse(sessionId), version, asOf, caller);
      session = then.view();
      transcript =
          new Transcript(
              then.messages().stream().filter(m -> m.seq() > after).limit(limit).toList());
      pointInTime(session)
          .forEach((name, values) -> values.forEach(v -> response.addHeader(name, v)));
    } else {
      session = find(parse(sessionId), caller, -1);
      transcript =
          queries
              .query(
                  new TranscriptQuery(session.sessionId(), after, limit, -1),
                  ResponseTypes.instanceOf(Transcript.class))
              .join();
    }
    List<TranscriptMessage> messages =
        transcript.entries().stream().map(TranscriptMessage::of).toList();
    return new TranscriptPage(
        session.sessionId().value().toString(),
        messages,
        messages.size() == limit ? messages.get(messages.size() - 1).seq() : null);
  }

  @Operation(summary = "Share the session with a user")
  @ApiResponse(responseCode = "201", description = "Created")
  @ApiResponse(
      responseCode = "404",
      description = "Session not found (or not visible to the caller)")
  @ApiResponse(responseCode = "403", description = "Only the owner may share")
  @ApiResponse(responseCode = "409", description = "The user already participates")
  @ApiResponse(responseCode = "422", description = "Invalid field, or more than 100 participants")
  @PostMapping("/{sessionId}/participants")
  ResponseEntity<ParticipantChanged> addParticipant(
      @PathVariable String sessionId,
      @Valid @RequestBody ParticipantRequest request,
      Caller caller) {
    SessionId id = parse(sessionId);
    long seq =
        commands.sendAndWait(
            new SetSessionParticipantCommand(
                id,
                user(caller),
                caller.user(request.userId()).value(),
                role(request.role()),
                false));
    find(id, caller, seq);
    return ResponseEntity.status(HttpStatus.CREATED)
        .body(
            new ParticipantChanged(
                id.value().toString(), request.userId(), request.role(), "Participant added"));
  }

  @Operation(summary = "List the session's participants")
  @ApiResponse(responseCode = "200", description = "OK")
  @ApiResponse(
      responseCode = "404",
      description = "Session not found (or not visible to the caller)")
  @GetMapping("/{sessionId}/participants")
  ParticipantList participants(@PathVariable String sessionId, Caller caller) {
    SessionView view = find(parse(sessionId), caller, -1);
    List<Participant> list = new ArrayList<>();
    view.participants()
        .forEach((userId, role) -> list.add(new Participant(UserId.wire(userId), role)));
    return new ParticipantList(
        view.sessionId().value().toString(), UserId.wire(view.ownerId()), list);
  }

  @Operation(summary = "Change a participant's role")
  @ApiResponse(responseCode = "200", description = "OK")
  @ApiResponse(
      responseCode = "404",
      description = "Session not found (or not visible to the caller)")
  @ApiResponse(responseCode = "403", description = "Only the owner may share")
  @ApiResponse(responseCode = "422", description = "Invalid role")
  @PatchMapping("/{sessionId}/participants/{userId}")
  ParticipantChanged changeParticipant(
      @PathVariable String sessionId,
      @PathVariable String userId,
      @Valid @RequestBody RoleRequest request,
      Caller caller) {
    SessionId id = parse(sessionId);
    long seq =
        commands.sendAndWait(
            new SetSessionParticipantCommand(
                id, user(caller), caller.user(userId).value(), role(request.role()), true));
    find(id, caller, seq);
    return new ParticipantChanged(
        id.value().toString(), userId, request.role(), "Participant updated");
  }

  @Operation(summary = "Stop sharing the session with a user")
  @ApiResponse(responseCode = "200", description = "OK")
  @ApiResponse(
      responseCode = "404",
      description = "Session not found (or not visible to the caller)")
  @ApiResponse(responseCode = "403", description = "Only the owner may share")
  @DeleteMapping("/{sessionId}/participants/{userId}")
  ParticipantRemoved removeParticipant(
      @PathVariable String sessionId, @PathVariable String userId, Caller caller) {
    SessionId id = parse(sessionId);
    long seq =
        commands.sendAndWait(
            new RemoveSessionParticipantCommand(id, user(caller), caller.user(userId).value()));
    find(id, caller, seq);
    return new ParticipantRemoved(id.value().toString(), userId, "Participant removed");
  }

  @Operation(summary = "Fork the session, up to a turn, into a new one of the caller's")
  @ApiResponse(responseCode = "201", description = "Created")
  @ApiResponse(
      responseCode = "404",
      description = "Session not found (or not visible to the caller)")
  @ApiResponse(
      responseCode = "422",
      description = "after_turn is invalid or the copy would be too large")
  @PostMapping("/{sessionId}/fork")
  ResponseEntity<SessionForked> fork(
      @PathVariable String sessionId,
      @Valid @RequestBody(required = false) @Nullable ForkRequest request,
      Caller caller) {
    SessionView source = find(parse(sessionId), caller, -1);
    Integer afterTurn = request == null ? null : request.afterTurn();
    SessionForks.Fork fork = forks.fork(source, user(caller), afterTurn);
    SessionView view = find(fork.sessionId(), caller, fork.copied());
    return ResponseEntity.created(URI.create("/sessions/" + fork.sessionId().value()))
        .body(
            new SessionForked(
                view.sessionId().value().toString(),
                view.configId(),
                view.status().wire(),
                view.messageCount(),
                "Session forked successfully",
                source.sessionId().value().toString(),
                afterTurn));
  }

  /**
   * The session as it was, folded from its events; 404 when it did not exist then for the caller.
   */
  private SessionAsOf asItWas(
      SessionId id, @Nullable Long version, @Nullable Instant asOf, Caller caller) {
    return queries
        .query(
            new FindSessionAsOfQuery(id, user(caller), version, asOf),
            ResponseTypes.optionalInstanceOf(SessionAsOf.class))
        .join()
        .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "Session not found"));
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

  private SessionView find(SessionId id, Caller caller, long minVersion) {
    return sessions.find(id, caller, minVersion);
  }

  private static ParticipantRole role(String text) {
    return ParticipantRole.valueOf(text.toUpperCase(Locale.ROOT));
  }

  private static Map<String, String> tags(@Nullable String tags) {
    return InputPatterns.tagFilter(tags)
        .orElseThrow(
            () ->
                new ResponseStatusException(
                    HttpStatus.UNPROCESSABLE_ENTITY, InputPatterns.TAG_FILTER_MESSAGE));
  }

  private static String user(Caller caller) {
    return SessionAccess.user(caller);
  }

  private static SessionId parse(String text) {
    return SessionAccess.parse(text);
  }
}
