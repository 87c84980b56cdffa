package io.amplifier.appapi.sessions.api;

import java.util.Map;
import org.axonframework.serialization.Revision;
import org.jspecify.annotations.Nullable;

/**
 * A message arrived while a turn ran and waits for its own turn: queued turns run in the order of
 * {@code position} (from 1, per session). {@code strategy} is the policy that queued it ({@code
 * enqueue}, {@code interrupt}, {@code rollback}); {@code interrupted} is the turn it asked to stop
 * (null for {@code enqueue}); {@code streamed} and {@code tools} (the declared tools' JSON text, or
 * null) are how it runs once it starts with a {@link SessionMessageSubmittedEvent} of the same id.
 */
@Revision("1")
public record SessionTurnEnqueuedEvent(
    SessionId sessionId,
    String turnId,
    int position,
    String authorId,
    String content,
    @Nullable Map<String, Object> context,
    String strategy,
    @Nullable String interrupted,
    boolean streamed,
    @Nullable String tools)
    implements SessionEvent {}
