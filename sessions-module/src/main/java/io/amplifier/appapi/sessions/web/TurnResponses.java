package io.amplifier.appapi.sessions.web;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.amplifier.appapi.sessions.api.SessionTurnView;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** The bodies of the turn routes. */
final class TurnResponses {

  private TurnResponses() {}

  /** 202 to {@code POST /sessions/{id}/turns}: where to read the turn and its events. */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  record TurnAccepted(
      String sessionId,
      String turnId,
      @io.swagger.v3.oas.annotations.media.Schema(
              description =
                  "running, or queued: it waits behind the running turn (multitask_strategy"
                      + " enqueue, interrupt or rollback) and is readable once it starts",
              allowableValues = {"running", "queued"})
          String status,
      String events) {}

  /** A turn as {@code GET /sessions/{id}/turns/{turn_id}} shows it. */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  record TurnResponse(
      String sessionId,
      String turnId,
      int turn,
      String status,
      String requestedBy,
      String message,
      @Nullable String result,
      Map<String, Object> usage,
      @Nullable String error,
      boolean cancelRequested,
      List<Map<String, Object>> toolCalls,
      Instant startedAt,
      @Nullable Instant endedAt,
      List<Map<String, Object>> pendingToolCalls) {

    static TurnResponse of(SessionTurnView turn) {
      return new TurnResponse(
          turn.sessionId().value().toString(),
          turn.turnId(),
          turn.turn(),
          turn.status().wire(),
          turn.requestedBy(),
          turn.message(),
          turn.result(),
          turn.usage(),
          turn.error(),
          turn.cancelRequested(),
          turn.toolCalls(),
          turn.startedAt(),
          turn.endedAt(),
          turn.pendingToolCalls());
    }
  }

  /** The answer to {@code POST /sessions/{id}/cancel}, as the original sent it. */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  record CancelRequested(String sessionId, String message) {}

  /**
   * 202 to {@code DELETE …/turns/{turn_id}}: the turn ends, as {@code cancelled}, wherever it runs.
   */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  record TurnCancelRequested(String sessionId, String turnId, String status, String message) {}

  /** The answer of the blocking {@code POST /sessions/{id}/messages}. */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  record MessageReply(String sessionId, String response, ReplyMetadata metadata) {}

  /**
   * The reply's metadata: the provider's usage fields ({@code model}, tokens) sit beside the rest.
   */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  record ReplyMetadata(
      String configId, String turnId, boolean cancelled, @JsonIgnore Map<String, Object> usage) {

    @JsonAnyGetter
    Map<String, Object> usageFields() {
      return usage;
    }
  }
}
