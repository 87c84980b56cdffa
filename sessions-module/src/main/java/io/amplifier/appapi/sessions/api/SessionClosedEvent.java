package io.amplifier.appapi.sessions.api;

import org.axonframework.serialization.Revision;

/**
 * The service closed a session for good (status cancelled), e.g. because its config was deleted.
 */
@Revision("1")
public record SessionClosedEvent(SessionId sessionId, String reason) implements SessionEvent {}
