package io.amplifier.appapi.sessions.api;

import java.util.Map;
import org.axonframework.serialization.Revision;
import org.jspecify.annotations.Nullable;

/**
 * A user message opened turn {@code turn}; {@code seq} is its place in the transcript (from 1);
 * {@code context} is the client's context object sent with it (null when none, and in events
 * recorded before it existed).
 */
@Revision("1")
public record SessionMessageSubmittedEvent(
    SessionId sessionId,
    String turnId,
    int turn,
    int seq,
    String authorId,
    String content,
    @Nullable Map<String, Object> context)
    implements SessionEvent {}
