package io.amplifier.appapi.sessions.api;

import org.axonframework.serialization.Revision;

/** A turn failed (provider error, timeout); the session stays usable. */
@Revision("1")
public record SessionTurnFailedEvent(SessionId sessionId, String turnId, String reason)
    implements SessionEvent {}
