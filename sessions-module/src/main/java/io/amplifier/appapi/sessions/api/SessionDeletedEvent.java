package io.amplifier.appapi.sessions.api;

import org.axonframework.serialization.Revision;

/** A session was deleted by its owner. */
@Revision("1")
public record SessionDeletedEvent(SessionId sessionId) implements SessionEvent {}
