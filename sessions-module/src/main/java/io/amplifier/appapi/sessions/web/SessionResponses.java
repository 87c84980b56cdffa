package io.amplifier.appapi.sessions.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.amplifier.appapi.sessions.api.SessionView;
import io.amplifier.appapi.sessions.api.ToolCall;
import io.amplifier.appapi.sessions.api.TranscriptEntry;
import io.amplifier.appapi.sessions.service.SessionService;
import io.amplifier.appapi.users.api.UserId;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;

/** The bodies of the session routes other than the session itself ({@link SessionResponse}). */
final class SessionResponses {

  private SessionResponses() {}

  /**
   * Names the version served: its sequence number as ETag, its instant as Last-Modified and
   * X-As-Of.
   */
  static HttpHeaders pointInTime(SessionView view) {
    HttpHeaders headers = new HttpHeaders();
    headers.setETag("\"" + view.version() + "\"");
    headers.setLastModified(view.updatedAt());
    headers.set("X-As-Of", view.updatedAt().toString());
    return headers;
  }

  /** A session's participants keyed by their {@code sub}, as the wire shows users. */
  static Map<String, String> wireParticipants(Map<String, String> participants) {
    Map<String, String> wire = new java.util.LinkedHashMap<>();
    participants.forEach((user, role) -> wire.put(UserId.wire(user), role));
    return wire;
  }

  /** A session after a change: the original's short form with what happened. */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  record SessionChanged(
      String sessionId, String configId, String status, int messageCount, String message) {

    static SessionChanged of(SessionView view, String message) {
      return new SessionChanged(
          view.sessionId().value().toString(),
          view.configId(),
          view.status().wire(),
          view.messageCount(),
          message);
    }
  }

  /** A fork: the new session, and where it came from. */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  record SessionForked(
      String sessionId,
      String configId,
      String status,
      int messageCount,
      String message,
      String forkedFrom,
      @Nullable Integer afterTurn) {

    static SessionForked of(SessionService.Forked fork, @Nullable Integer afterTurn) {
      SessionView view = fork.view();
      return new SessionForked(
          view.sessionId().value().toString(),
          view.configId(),
          view.status().wire(),
          view.messageCount(),
          "Session forked successfully",
          fork.source().sessionId().value().toString(),
          afterTurn);
    }
  }

  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  record SessionList(List<SessionResponse> sessions, long total) {}

  /** The answer to a delete. */
  record Deleted(String message) {}

  /**
   * One page of the transcript; {@code next_after} is the cursor of the next page, null at the end.
   */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  record TranscriptPage(
      String sessionId, List<TranscriptMessage> messages, @Nullable Integer nextAfter) {

    /** The page read; a full page ({@code limit} messages) names its last seq as the cursor. */
    static TranscriptPage of(SessionService.TranscriptRead read, int limit) {
      List<TranscriptMessage> messages =
          read.transcript().entries().stream().map(TranscriptMessage::of).toList();
      return new TranscriptPage(
          read.session().sessionId().value().toString(),
          messages,
          messages.size() == limit ? messages.get(messages.size() - 1).seq() : null);
    }
  }

  /**
   * One message of the transcript; {@code context} only on a user message that had one, {@code
   * tool} only on a {@code tool} message (one tool call of a turn, {@code content} its output).
   */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  record TranscriptMessage(
      int seq,
      String role,
      String content,
      @Nullable Instant createdAt,
      String turnId,
      boolean cancelled,
      @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable Map<String, Object> context,
      @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable ToolMessage tool) {

    static TranscriptMessage of(TranscriptEntry e) {
      ToolCall call = e.tool();
      return new TranscriptMessage(
          e.seq(),
          e.role(),
          e.content(),
          e.createdAt(),
          e.turnId(),
          e.cancelled(),
          e.context(),
          call == null
              ? null
              : new ToolMessage(call.callId(), call.name(), call.arguments(), call.error()));
    }
  }

  /** The tool call a {@code tool} message answers: {@code arguments} as JSON text. */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  record ToolMessage(String callId, String name, String arguments, boolean error) {}

  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  record ParticipantChanged(String sessionId, String userId, String role, String message) {}

  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  record ParticipantRemoved(String sessionId, String userId, String message) {}

  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  record Participant(String userId, String role) {}

  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  record ParticipantList(String sessionId, String owner, List<Participant> participants) {}
}
