package io.amplifier.appapi.sessions.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.amplifier.appapi.sessions.api.ChangeSessionStatusCommand;
import io.amplifier.appapi.sessions.api.DeleteSessionCommand;
import io.amplifier.appapi.sessions.api.FindSessionAsOfQuery;
import io.amplifier.appapi.sessions.api.FindSessionQuery;
import io.amplifier.appapi.sessions.api.SessionAsOf;
import io.amplifier.appapi.sessions.api.ListSessionsQuery;
import io.amplifier.appapi.sessions.api.ParticipantRole;
import io.amplifier.appapi.sessions.api.RemoveSessionParticipantCommand;
import io.amplifier.appapi.sessions.api.SessionId;
import io.amplifier.appapi.sessions.api.SessionPage;
import io.amplifier.appapi.sessions.api.SessionStatus;
import io.amplifier.appapi.sessions.api.SessionView;
import io.amplifier.appapi.sessions.api.SetSessionParticipantCommand;
import io.amplifier.appapi.sessions.api.StartSessionCommand;
import io.amplifier.appapi.sessions.api.Transcript;
import io.amplifier.appapi.sessions.api.TranscriptEntry;
import io.amplifier.appapi.sessions.api.TranscriptQuery;
import io.amplifier.appapi.sessions.runtime.ToolCallRequest;
import io.amplifier.appapi.sessions.runtime.TurnListener;
import io.amplifier.appapi.sessions.runtime.TurnRunner;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Instant;
import org.springframework.http.HttpHeaders;
import io.amplifier.appapi.users.api.Caller;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.annotation.Value;
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
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

/** The session routes: lifecycle, turns (blocking and streamed), cancel, transcript, sharing. */
@RestController
@RequestMapping("/sessions")
class SessionController {

  private static final java.util.regex.Pattern UUID_TEXT =
      java.util.regex.Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
  private static final java.util.regex.Pattern TAG = java.util.regex.Pattern.compile("[^:,]+:[^,]*");
  /** Events a stream may hold for a slow client; past that its deltas are dropped (the turn is kept). */
  private static final int STREAM_QUEUE = 4096;

  static final int MAX_FORK_MESSAGES = 1_000;
  static final int MAX_FORK_CHARS = 4 * 1024 * 1024;

  private final CommandGateway commands;
  private final QueryGateway queries;
  private final TurnRunner turns;
  private final ObjectMapper json;
  private final long keepaliveMillis;

  SessionController(
      CommandGateway commands,
      QueryGateway queries,
      TurnRunner turns,
      ObjectMapper json,
      @Value("${amplifier.sessions.keepalive-millis:15000}") long keepaliveMillis) {
    this.commands = commands;
    this.queries = queries;
    this.turns = turns;
    this.json = json;
    this.keepaliveMillis = keepaliveMillis;
  }

  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  record StartSessionRequest(
      @NotBlank String configId, @Nullable Map<String, String> tags, @Nullable Map<String, Object> metadata) {}

  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  record MessageRequest(@NotBlank @Size(max = 200_000) String message, @Nullable Map<String, Object> context) {}

  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  record ParticipantRequest(
      @NotBlank @Size(max = 255) String userId,
      @NotBlank @Pattern(regexp = "editor|viewer", message = "must be editor or viewer") String role) {}

  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  record RoleRequest(@NotBlank @Pattern(regexp = "editor|viewer", message = "must be editor or viewer") String role) {}

  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  record ForkRequest(@Nullable @Min(0) Integer afterTurn) {}

  @Operation(summary = "Create a session from a config")
  @ApiResponse(responseCode = "201", description = "Created")
  @ApiResponse(responseCode = "400", description = "The config cannot run turns")
  @ApiResponse(responseCode = "404", description = "Config not found")
  @ApiResponse(responseCode = "422", description = "Invalid field (named in errors)")
  @PostMapping
  ResponseEntity<Map<String, Object>> start(@Valid @RequestBody StartSessionRequest request, Caller caller) {
    TurnRunner.Readiness readiness =
        turns.readiness(request.configId(), user(caller))
            .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "Config not found: " + request.configId()));
    if (!readiness.runnable()) {
      throw new ResponseStatusException(HttpStatus.BAD_REQUEST, readiness.detail());
    }
    SessionId id = SessionId.random();
    commands.sendAndWait(
        new StartSessionCommand(id, user(caller), request.configId(),
            request.tags() == null ? Map.of() : request.tags(),
            request.metadata() == null ? Map.of() : request.metadata(), null, null, List.of()));
    SessionView view = find(id, caller, 0);
    return ResponseEntity.created(URI.create("/sessions/" + id.value()))
        .body(body(view, "Session created successfully"));
  }

  @Operation(summary = "List the sessions the caller owns or shares")
  @ApiResponse(responseCode = "200", description = "OK")
  @ApiResponse(responseCode = "422", description = "Invalid limit, offset, status or tags filter")
  @GetMapping
  Map<String, Object> list(
      @RequestParam(defaultValue = "50") @Min(1) @Max(1000) int limit,
      @RequestParam(defaultValue = "0") @Min(0) int offset,
      @RequestParam(required = false) @Nullable @Pattern(regexp = "active|completed|failed|cancelled", message = "must be active, completed, failed or cancelled") String status,
      @RequestParam(name = "config_id", required = false) @Nullable String configId,
      @RequestParam(required = false) @Nullable String tags,
      Caller caller) {
    SessionPage page =
        queries.query(
            new ListSessionsQuery(user(caller), limit, offset,
                status == null ? null : SessionStatus.valueOf(status.toUpperCase(Locale.ROOT)),
                configId, tags(tags)),
            ResponseTypes.instanceOf(SessionPage.class)).join();
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("sessions", page.sessions().stream().map(SessionResponse::summary).toList());
    body.put("total", page.total());
    return body;
  }

  @Operation(summary = "Get a session")
  @ApiResponse(responseCode = "200", description = "OK")
  @ApiResponse(responseCode = "404", description = "Session not found (or not visible to the caller)")
  @GetMapping("/{sessionId}")
  ResponseEntity<SessionResponse> get(
      @PathVariable String sessionId,
      @RequestParam(required = false) @Nullable @Min(0) Long version,
      @RequestParam(name = "as_of", required = false) @Nullable Instant asOf,
      Caller caller) {
    if (version != null || asOf != null) {
      SessionView then = asItWas(parse(sessionId), version, asOf, caller).view();
      return ResponseEntity.ok().headers(pointInTime(then)).body(SessionResponse.full(then, user(caller), null));
    }
    return ResponseEntity.ok(SessionResponse.full(find(parse(sessionId), caller, -1), user(caller), null));
  }

  @Operation(summary = "Delete a session")
  @ApiResponse(responseCode = "200", description = "OK")
  @ApiResponse(responseCode = "404", description = "Session not found (or not visible to the caller)")
  @ApiResponse(responseCode = "403", description = "Only the owner may delete")
  @DeleteMapping("/{sessionId}")
  Map<String, String> delete(@PathVariable String sessionId, Caller caller) {
    SessionId id = parse(sessionId);
    long seq = commands.sendAndWait(new DeleteSessionCommand(id, user(caller)));
    queries.query(new FindSessionQuery(id, user(caller), seq), ResponseTypes.optionalInstanceOf(SessionView.class)).join();
    return Map.of("message", "Session deleted successfully");
  }

  @Operation(summary = "Resume a session")
  @ApiResponse(responseCode = "200", description = "OK")
  @ApiResponse(responseCode = "404", description = "Session not found (or not visible to the caller)")
  @ApiResponse(responseCode = "403", description = "Viewers cannot change the session")
  @ApiResponse(responseCode = "409", description = "The session cannot be resumed")
  @PostMapping("/{sessionId}/resume")
  Map<String, Object> resume(@PathVariable String sessionId, Caller caller) {
    return changeStatus(sessionId, caller, SessionStatus.ACTIVE, "Session resumed successfully");
  }

  @Operation(summary = "Mark a session completed")
  @ApiResponse(responseCode = "200", description = "OK")
  @ApiResponse(responseCode = "404", description = "Session not found (or not visible to the caller)")
  @ApiResponse(responseCode = "403", description = "Viewers cannot change the session")
  @ApiResponse(responseCode = "409", description = "The session is not active")
  @PostMapping("/{sessionId}/complete")
  Map<String, Object> complete(@PathVariable String sessionId, Caller caller) {
    return changeStatus(sessionId, caller, SessionStatus.COMPLETED, "Session completed successfully");
  }

  private Map<String, Object> changeStatus(String sessionId, Caller caller, SessionStatus status, String message) {
    SessionId id = parse(sessionId);
    long seq = commands.sendAndWait(new ChangeSessionStatusCommand(id, user(caller), status));
    return body(find(id, caller, seq), message);
  }

  @Operation(
      summary = "Send a message and wait for the reply",
      description = "The turn may run tool rounds (the config's MCP `tools`, at most `max_tool_rounds`); "
          + "`metadata.tool_calls` counts the calls; past the limit the answer is a 502 "
          + "`/problems/tool-rounds-exceeded`.")
  @ApiResponse(responseCode = "200", description = "OK")
  @ApiResponse(responseCode = "400", description = "The session's config cannot run turns")
  @ApiResponse(responseCode = "404", description = "Session not found (or not visible to the caller)")
  @ApiResponse(responseCode = "403", description = "Viewers cannot send messages")
  @ApiResponse(responseCode = "409", description = "The session is closed or a turn is already running")
  @ApiResponse(responseCode = "422", description = "Invalid field (named in errors), e.g. context over 16 KiB")
  @ApiResponse(responseCode = "502", description = "The provider failed, timed out or was refused")
  @PostMapping("/{sessionId}/messages")
  CompletableFuture<Map<String, Object>> message(
      @PathVariable String sessionId, @Valid @RequestBody MessageRequest request, Caller caller) {
    SessionView session = requireActive(find(parse(sessionId), caller, -1));
    TurnRunner.PreparedTurn turn = turns.prepare(session, user(caller), request.message(), request.context());
    return turns.start(turn, delta -> {}, false).thenApply(outcome -> {
      awaitVersion(session.sessionId(), caller, outcome.version());
      if (outcome.error() != null) {
        throw new TurnFailedException(outcome.problem(), outcome.error());
      }
      Map<String, Object> metadata = new LinkedHashMap<>();
      metadata.put("config_id", session.configId());
      metadata.put("turn_id", outcome.turnId());
      metadata.put("cancelled", outcome.cancelled());
      metadata.putAll(outcome.usage());
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("session_id", session.sessionId().value().toString());
      body.put("response", outcome.content());
      body.put("metadata", metadata);
      return body;
    });
  }

  /**
   * Streams a turn as Server-Sent Events. The turn runs on a turn thread and hands its events to
   * this stream's own writer through a bounded queue; the writer (the async request thread) sends
   * them, and a keepalive comment every {@code keepalive-millis}. A client that stops reading
   * blocks only its own writer: the turn still ends and is recorded, and other streams go on.
   */
  @Operation(
      summary = "Send a message and stream the reply as Server-Sent Events",
      description = "Each event is `data: {json}` with a `type`: `connected` (session_id, turn_id), "
          + "`content_block:start`, `content_block:delta` (text), `content_block:end`; in a tool turn "
          + "`tool:pre` (call_id, tool_name, arguments: JSON text) before a tool runs, then `tool:post` "
          + "(call_id, tool_name, output) or `tool:error` (call_id, tool_name, error); then `response` "
          + "(content, turn_id, cancelled, usage), `done`, or `error` (message, problem).")
  @ApiResponse(responseCode = "200", description = "OK")
  @ApiResponse(responseCode = "400", description = "The session's config cannot run turns")
  @ApiResponse(responseCode = "404", description = "Session not found (or not visible to the caller)")
  @ApiResponse(responseCode = "403", description = "Viewers cannot send messages")
  @ApiResponse(responseCode = "409", description = "The session is closed or a turn is already running")
  @ApiResponse(responseCode = "422", description = "Invalid field (named in errors), e.g. context over 16 KiB")
  @PostMapping("/{sessionId}/stream")
  ResponseEntity<StreamingResponseBody> stream(
      @PathVariable String sessionId, @Valid @RequestBody MessageRequest request, Caller caller) {
    SessionView session = requireActive(find(parse(sessionId), caller, -1));
    TurnRunner.PreparedTurn turn = turns.prepare(session, user(caller), request.message(), request.context());
    String id = session.sessionId().value().toString();
    BlockingQueue<Map<String, Object>> events = new LinkedBlockingQueue<>(STREAM_QUEUE);
    events.offer(Map.of("type", "connected", "session_id", id, "turn_id", turn.turnId()));
    events.offer(Map.of("type", "content_block:start", "index", 0, "block_type", "text"));
    CompletableFuture<Void> finished =
        turns.start(turn, new StreamEvents(events), true)
            .thenAccept(outcome -> {
              awaitVersion(session.sessionId(), caller, outcome.version());
              if (outcome.error() != null) {
                events.offer(Map.of("type", "error", "message", outcome.error(), "problem", "/problems/" + outcome.problem()));
                return;
              }
              events.offer(Map.of("type", "content_block:end", "index", 0));
              Map<String, Object> response = new LinkedHashMap<>();
              response.put("type", "response");
              response.put("content", outcome.content());
              response.put("turn_id", outcome.turnId());
              response.put("cancelled", outcome.cancelled());
              response.put("usage", outcome.usage());
              events.offer(response);
              events.offer(Map.of("type", "done"));
            })
            .exceptionally(failure -> {
              events.offer(Map.of("type", "error", "message", "The turn could not be completed"));
              return null;
            });
    StreamingResponseBody body = out -> {
      SseWriter sse = new SseWriter(out);
      long lastKeepalive = System.nanoTime();
      long keepaliveNanos = TimeUnit.MILLISECONDS.toNanos(keepaliveMillis);
      try {
        while (sse.open) {
          Map<String, Object> event = events.poll(100, TimeUnit.MILLISECONDS);
          if (event != null) {
            sse.data(event);
          } else if (finished.isDone() && events.isEmpty()) {
            return;
          }
          if (System.nanoTime() - lastKeepalive >= keepaliveNanos) {
            sse.keepalive();
            lastKeepalive = System.nanoTime();
          }
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    };
    return ResponseEntity.ok()
        .header("Content-Type", "text/event-stream; charset=utf-8")
        .header("Cache-Control", "no-cache")
        .header("X-Accel-Buffering", "no")
        .body(body);
  }

  /**
   * A turn's deltas and tool calls as stream events: {@code content_block:delta}, and {@code
   * tool:pre} (call id, tool name, arguments), {@code tool:post} (output) or {@code tool:error}.
   */
  private record StreamEvents(BlockingQueue<Map<String, Object>> events) implements TurnListener {
    @Override
    public void onDelta(String delta) {
      events.offer(Map.of("type", "content_block:delta", "index", 0, "text", delta,
          "delta", Map.of("type", "text_delta", "text", delta)));
    }

    @Override
    public void onToolPre(ToolCallRequest call) {
      events.offer(Map.of("type", "tool:pre", "call_id", call.callId(), "tool_name", call.name(),
          "arguments", call.arguments()));
    }

    @Override
    public void onToolPost(ToolCallRequest call, String output) {
      events.offer(Map.of("type", "tool:post", "call_id", call.callId(), "tool_name", call.name(), "output", output));
    }

    @Override
    public void onToolError(ToolCallRequest call, String error) {
      events.offer(Map.of("type", "tool:error", "call_id", call.callId(), "tool_name", call.name(), "error", error));
    }
  }

  /** Writes Server-Sent Events; a vanished client ends the writing, not the turn. */
  private final class SseWriter {
    private final OutputStream out;
    private volatile boolean open = true;

    SseWriter(OutputStream out) {
      this.out = out;
    }

    void data(Object event) {
      try {
        write("data: " + json.writeValueAsString(event) + "\n\n");
      } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
        throw new IllegalStateException(e);
      }
    }

    void keepalive() {
      write(": keepalive\n\n");
    }

    private void write(String text) {
      if (!open) {
        return;
      }
      try {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
      } catch (IOException e) {
        open = false;
      }
    }
  }

  @Operation(summary = "Cancel the running turn")
  @ApiResponse(responseCode = "200", description = "OK")
  @ApiResponse(responseCode = "404", description = "Session not found or not active (no turn is running)")
  @ApiResponse(responseCode = "403", description = "Viewers cannot cancel turns")
  @PostMapping("/{sessionId}/cancel")
  Map<String, Object> cancel(@PathVariable String sessionId, Caller caller) {
    SessionId id = parse(sessionId);
    turns.cancel(find(id, caller, -1), user(caller));
    return Map.of("session_id", id.value().toString(), "message", "Cancellation requested");
  }

  @Operation(
      summary = "Read the transcript, paged by seq",
      description = "Messages have role `user`, `assistant` or `tool`; a `tool` message is one tool call "
          + "of a turn: `content` is its output and `tool` holds call_id, name, arguments (JSON text) and "
          + "error (true when the output is an error).")
  @ApiResponse(responseCode = "200", description = "OK")
  @ApiResponse(responseCode = "404", description = "Session not found (or not visible to the caller)")
  @ApiResponse(responseCode = "422", description = "Invalid after or limit")
  @GetMapping("/{sessionId}/messages")
  Map<String, Object> transcript(
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
          new Transcript(then.messages().stream().filter(m -> m.seq() > after).limit(limit).toList());
      pointInTime(session).forEach((name, values) -> values.forEach(v -> response.addHeader(name, v)));
    } else {
      session = find(parse(sessionId), caller, -1);
      transcript =
          queries.query(new TranscriptQuery(session.sessionId(), after, limit, -1), ResponseTypes.instanceOf(Transcript.class)).join();
    }
    List<Map<String, Object>> messages = new ArrayList<>();
    for (TranscriptEntry e : transcript.entries()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("seq", e.seq());
      m.put("role", e.role());
      m.put("content", e.content());
      m.put("created_at", e.createdAt());
      m.put("turn_id", e.turnId());
      m.put("cancelled", e.cancelled());
      if (e.context() != null) {
        m.put("context", e.context());
      }
      if (e.tool() != null) {
        m.put("tool", Map.of("call_id", e.tool().callId(), "name", e.tool().name(),
            "arguments", e.tool().arguments(), "error", e.tool().error()));
      }
      messages.add(m);
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("session_id", session.sessionId().value().toString());
    body.put("messages", messages);
    body.put("next_after", messages.size() == limit ? transcript.entries().get(messages.size() - 1).seq() : null);
    return body;
  }

  @Operation(summary = "Share the session with a user")
  @ApiResponse(responseCode = "201", description = "Created")
  @ApiResponse(responseCode = "404", description = "Session not found (or not visible to the caller)")
  @ApiResponse(responseCode = "403", description = "Only the owner may share")
  @ApiResponse(responseCode = "409", description = "The user already participates")
  @ApiResponse(responseCode = "422", description = "Invalid field, or more than 100 participants")
  @PostMapping("/{sessionId}/participants")
  ResponseEntity<Map<String, Object>> addParticipant(
      @PathVariable String sessionId, @Valid @RequestBody ParticipantRequest request, Caller caller) {
    SessionId id = parse(sessionId);
    long seq = commands.sendAndWait(new SetSessionParticipantCommand(id, user(caller), request.userId(), role(request.role()), false));
    find(id, caller, seq);
    return ResponseEntity.status(HttpStatus.CREATED).body(participant(id, request.userId(), request.role(), "Participant added"));
  }

  @Operation(summary = "List the session's participants")
  @ApiResponse(responseCode = "200", description = "OK")
  @ApiResponse(responseCode = "404", description = "Session not found (or not visible to the caller)")
  @GetMapping("/{sessionId}/participants")
  Map<String, Object> participants(@PathVariable String sessionId, Caller caller) {
    SessionView view = find(parse(sessionId), caller, -1);
    List<Map<String, String>> list = new ArrayList<>();
    view.participants().forEach((userId, role) -> list.add(Map.of("user_id", userId, "role", role)));
    return Map.of("session_id", view.sessionId().value().toString(), "owner", view.ownerId(), "participants", list);
  }

  @Operation(summary = "Change a participant's role")
  @ApiResponse(responseCode = "200", description = "OK")
  @ApiResponse(responseCode = "404", description = "Session not found (or not visible to the caller)")
  @ApiResponse(responseCode = "403", description = "Only the owner may share")
  @ApiResponse(responseCode = "422", description = "Invalid role")
  @PatchMapping("/{sessionId}/participants/{userId}")
  Map<String, Object> changeParticipant(
      @PathVariable String sessionId, @PathVariable String userId, @Valid @RequestBody RoleRequest request, Caller caller) {
    SessionId id = parse(sessionId);
    long seq = commands.sendAndWait(new SetSessionParticipantCommand(id, user(caller), userId, role(request.role()), true));
    find(id, caller, seq);
    return participant(id, userId, request.role(), "Participant updated");
  }

  @Operation(summary = "Stop sharing the session with a user")
  @ApiResponse(responseCode = "200", description = "OK")
  @ApiResponse(responseCode = "404", description = "Session not found (or not visible to the caller)")
  @ApiResponse(responseCode = "403", description = "Only the owner may share")
  @DeleteMapping("/{sessionId}/participants/{userId}")
  Map<String, Object> removeParticipant(@PathVariable String sessionId, @PathVariable String userId, Caller caller) {
    SessionId id = parse(sessionId);
    long seq = commands.sendAndWait(new RemoveSessionParticipantCommand(id, user(caller), userId));
    find(id, caller, seq);
    return Map.of("session_id", id.value().toString(), "user_id", userId, "message", "Participant removed");
  }

  @Operation(summary = "Fork the session, up to a turn, into a new one of the caller's")
  @ApiResponse(responseCode = "201", description = "Created")
  @ApiResponse(responseCode = "404", description = "Session not found (or not visible to the caller)")
  @ApiResponse(responseCode = "422", description = "after_turn is invalid or the copy would be too large")
  @PostMapping("/{sessionId}/fork")
  ResponseEntity<Map<String, Object>> fork(
      @PathVariable String sessionId, @Valid @RequestBody(required = false) @Nullable ForkRequest request, Caller caller) {
    SessionView source = find(parse(sessionId), caller, -1);
    Integer afterTurn = request == null ? null : request.afterTurn();
    Transcript transcript =
        queries.query(new TranscriptQuery(source.sessionId(), 0, 1_000_000, -1), ResponseTypes.instanceOf(Transcript.class)).join();
    List<TranscriptEntry> copied = new ArrayList<>();
    int turn = 0;
    for (TranscriptEntry e : transcript.entries()) {
      if ("user".equals(e.role())) {
        turn++;
      }
      if (afterTurn != null && turn > afterTurn) {
        break;
      }
      copied.add(e);
    }
    if (!copied.isEmpty() && "user".equals(copied.get(copied.size() - 1).role())) {
      copied.remove(copied.size() - 1);
    }
    requireForkable(copied);
    SessionId id = SessionId.random();
    commands.sendAndWait(
        new StartSessionCommand(id, user(caller), source.configId(), source.tags(), source.metadata(),
            source.sessionId().value().toString(), afterTurn, copied));
    SessionView view = find(id, caller, copied.size());
    Map<String, Object> body = body(view, "Session forked successfully");
    body.put("forked_from", source.sessionId().value().toString());
    body.put("after_turn", afterTurn);
    return ResponseEntity.created(URI.create("/sessions/" + id.value())).body(body);
  }

  /**
   * The copied transcript travels in one event: at most {@value #MAX_FORK_MESSAGES} messages and
   * {@value #MAX_FORK_CHARS} characters of content, else the client forks an earlier turn.
   */
  private static void requireForkable(List<TranscriptEntry> copied) {
    long chars = 0;
    for (TranscriptEntry e : copied) {
      chars += e.content() == null ? 0 : e.content().length();
    }
    if (copied.size() > MAX_FORK_MESSAGES || chars > MAX_FORK_CHARS) {
      throw new ForkTooLargeException(
          "would copy " + copied.size() + " messages (" + chars + " characters); at most "
              + MAX_FORK_MESSAGES + " messages and " + MAX_FORK_CHARS
              + " characters can be forked: fork an earlier turn");
    }
  }

  /** Read-your-writes after a turn: the session's read models show its end before we answer. */
  private void awaitVersion(SessionId id, Caller caller, long version) {
    if (version >= 0) {
      queries.query(new FindSessionQuery(id, user(caller), version), ResponseTypes.optionalInstanceOf(SessionView.class)).join();
    }
  }

  /** A closed session refuses messages with 409 before its config is even looked at. */
  private static SessionView requireActive(SessionView session) {
    if (session.status() != SessionStatus.ACTIVE) {
      throw new ResponseStatusException(
          HttpStatus.CONFLICT, "Session is " + session.status().wire() + "; it takes no messages");
    }
    return session;
  }

  private Map<String, Object> participant(SessionId id, String userId, String role, String message) {
    return Map.of("session_id", id.value().toString(), "user_id", userId, "role", role, "message", message);
  }

  private Map<String, Object> body(SessionView view, String message) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("session_id", view.sessionId().value().toString());
    body.put("config_id", view.configId());
    body.put("status", view.status().wire());
    body.put("message_count", view.messageCount());
    body.put("message", message);
    return body;
  }

  /** The session as it was, folded from its events; 404 when it did not exist then for the caller. */
  private SessionAsOf asItWas(SessionId id, @Nullable Long version, @Nullable Instant asOf, Caller caller) {
    return queries.query(new FindSessionAsOfQuery(id, user(caller), version, asOf), ResponseTypes.optionalInstanceOf(SessionAsOf.class))
        .join()
        .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "Session not found"));
  }

  /** Names the version served: its sequence number as ETag, its instant as Last-Modified and X-As-Of. */
  private static HttpHeaders pointInTime(SessionView view) {
    HttpHeaders headers = new HttpHeaders();
    headers.setETag("\"" + view.version() + "\"");
    headers.setLastModified(view.updatedAt());
    headers.set("X-As-Of", view.updatedAt().toString());
    return headers;
  }

  private SessionView find(SessionId id, Caller caller, long minVersion) {
    return queries.query(new FindSessionQuery(id, user(caller), minVersion), ResponseTypes.optionalInstanceOf(SessionView.class))
        .join()
        .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "Session not found"));
  }

  private static ParticipantRole role(String text) {
    return ParticipantRole.valueOf(text.toUpperCase(Locale.ROOT));
  }

  private static Map<String, String> tags(@Nullable String tags) {
    Map<String, String> parsed = new LinkedHashMap<>();
    if (tags == null || tags.isBlank()) {
      return parsed;
    }
    for (String pair : tags.split(",")) {
      if (!TAG.matcher(pair).matches()) {
        throw new ResponseStatusException(HttpStatus.UNPROCESSABLE_ENTITY, "tags must look like key:value,key2:value2");
      }
      int colon = pair.indexOf(':');
      parsed.put(pair.substring(0, colon).trim(), pair.substring(colon + 1).trim());
    }
    return parsed;
  }

  private static String user(Caller caller) {
    return caller.userId().value();
  }

  private static SessionId parse(String text) {
    if (!UUID_TEXT.matcher(text).matches()) {
      throw new ResponseStatusException(HttpStatus.NOT_FOUND, "Session not found");
    }
    return new SessionId(java.util.UUID.fromString(text));
  }
}
