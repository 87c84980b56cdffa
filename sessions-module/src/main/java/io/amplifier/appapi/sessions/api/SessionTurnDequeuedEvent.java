package io.amplifier.appapi.sessions.api;

import org.axonframework.serialization.Revision;

/** Queued turn {@code turnId} left the queue without running (e.g. the session closed). */
@Revision("1")
public record SessionTurnDequeuedEvent(SessionId sessionId, String turnId, String reason)
    implements SessionEvent {}
