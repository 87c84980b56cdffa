package io.amplifier.appapi.sessions.api;

import java.time.Instant;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** A session as the read model holds it; {@code participants} maps user ids to roles. */
public record SessionView(
    SessionId sessionId,
    String ownerId,
    String configId,
    SessionStatus status,
    int messageCount,
    int turns,
    Map<String, String> tags,
    Map<String, Object> metadata,
    Map<String, String> participants,
    @Nullable String runningTurn,
    @Nullable String forkedFrom,
    Instant createdAt,
    Instant updatedAt,
    long version) {

  /** The caller's role: {@code owner}, {@code editor}, {@code viewer}, or null for a stranger. */
  public @Nullable String roleOf(String userId) {
    if (ownerId.equals(userId)) {
      return "owner";
    }
    return participants.get(userId);
  }
}
