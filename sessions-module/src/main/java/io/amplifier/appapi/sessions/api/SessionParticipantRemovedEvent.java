package io.amplifier.appapi.sessions.api;

import org.axonframework.serialization.Revision;

/** The owner stopped sharing the session with {@code userId}. */
@Revision("1")
public record SessionParticipantRemovedEvent(SessionId sessionId, String userId)
    implements SessionEvent {}
