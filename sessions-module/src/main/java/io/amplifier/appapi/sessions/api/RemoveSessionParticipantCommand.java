package io.amplifier.appapi.sessions.api;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Intent to stop sharing a session with a user; owner only. */
public record RemoveSessionParticipantCommand(
    @TargetAggregateIdentifier SessionId sessionId, String requesterId, String userId) {}
