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
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

/**
 * The turn routes ({@link TurnApi}): a turn is a job ({@link SessionTurns}): {@code POST …/turns}
 * starts one and answers at once, {@code GET …/turns/{turn_id}} reads it and {@code …/events}
 * follows its stream from any node; the original's {@code /messages}, {@code /stream} and {@code
 * /cancel} are {@link MessageController}'s.
 */
@RestController
class TurnController implements TurnApi {

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

  @Override
  public ResponseEntity<TurnAccepted> startTurn(
      String sessionId, MessageRequest request, Caller caller) {
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

  @Override
  public TurnResponse turn(String sessionId, String turnId, Caller caller) {
    return TurnResponse.of(turns.find(sessions.find(sessionId, caller), turnId));
  }

  @Override
  public ResponseEntity<TurnCancelRequested> cancelTurn(
      String sessionId, String turnId, Caller caller) {
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

  @Override
  public ResponseEntity<StreamingResponseBody> events(
      String sessionId, String turnId, @Nullable String lastEventId, Caller caller) {
    SessionView session = sessions.find(sessionId, caller);
    long after = lastEventId(lastEventId);
    String id = turns.requireEvents(session, turnId);
    return stream.tail(session.sessionId(), id, after, true, stream.reserve(caller));
  }

  @Override
  public ResponseEntity<ToolResultsAccepted> toolResults(
      String sessionId, String turnId, List<ToolResultRequest> request, Caller caller) {
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
