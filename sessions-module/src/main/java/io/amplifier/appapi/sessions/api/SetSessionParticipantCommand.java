package io.amplifier.appapi.sessions.api;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Intent to share a session with a user in a role, or change that role; owner only. */
public record SetSessionParticipantCommand(
    @TargetAggregateIdentifier SessionId sessionId,
    String requesterId,
    String userId,
    ParticipantRole role,
    boolean mustExist) {}
