package io.amplifier.appapi.sessions.api;

import org.axonframework.serialization.Revision;

/** A session moved to {@code status} (completed, resumed to active, failed, cancelled). */
@Revision("1")
public record SessionStatusChangedEvent(SessionId sessionId, SessionStatus status)
    implements SessionEvent {}
