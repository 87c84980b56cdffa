package io.amplifier.appapi.sessions.api;

import org.axonframework.serialization.Revision;

/** The owner shared the session with {@code userId} in {@code role} (added or changed). */
@Revision("1")
public record SessionParticipantSetEvent(SessionId sessionId, String userId, ParticipantRole role)
    implements SessionEvent {}
