package io.amplifier.appapi.sessions.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.amplifier.appapi.sessions.api.SessionContextView;
import io.amplifier.appapi.sessions.api.SessionView;
import io.amplifier.appapi.users.api.UserId;
import java.time.Instant;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** A session on the wire, in the original's field names plus what ours adds. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
record SessionResponse(
    String sessionId,
    String configId,
    String status,
    int messageCount,
    Instant createdAt,
    Instant updatedAt,
    Map<String, String> tags,
    @Nullable Map<String, Object> metadata,
    @Nullable String userId,
    @Nullable String role,
    @Nullable Map<String, String> participants,
    @Nullable String forkedFrom,
    @Nullable Boolean turnRunning,
    @Nullable String message,
    @Nullable SessionContextView context) {

  /** This session with its context window figures ({@code context}). */
  SessionResponse withContext(SessionContextView figures) {
    return new SessionResponse(
        sessionId,
        configId,
        status,
        messageCount,
        createdAt,
        updatedAt,
        tags,
        metadata,
        userId,
        role,
        participants,
        forkedFrom,
        turnRunning,
        message,
        figures);
  }

  static SessionResponse summary(SessionView v) {
    return new SessionResponse(
        v.sessionId().value().toString(),
        v.configId(),
        v.status().wire(),
        v.messageCount(),
        v.createdAt(),
        v.updatedAt(),
        v.tags(),
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null);
  }

  static SessionResponse full(SessionView v, String caller, @Nullable String message) {
    return new SessionResponse(
        v.sessionId().value().toString(),
        v.configId(),
        v.status().wire(),
        v.messageCount(),
        v.createdAt(),
        v.updatedAt(),
        v.tags(),
        v.metadata(),
        UserId.wireOrNull(v.ownerId()),
        v.roleOf(caller),
        SessionResponses.wireParticipants(v.participants()),
        v.forkedFrom(),
        v.runningTurn() != null,
        message,
        null);
  }
}
