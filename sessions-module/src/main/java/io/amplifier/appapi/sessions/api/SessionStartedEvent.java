package io.amplifier.appapi.sessions.api;

import java.util.Map;
import org.axonframework.serialization.Revision;
import org.jspecify.annotations.Nullable;

/** A user started a session from one of their configs (or forked one from another session). */
@Revision("1")
public record SessionStartedEvent(
    SessionId sessionId,
    String ownerId,
    String configId,
    Map<String, String> tags,
    Map<String, Object> metadata,
    @Nullable String forkedFrom,
    @Nullable Integer forkedAfterTurn)
    implements SessionEvent {}
