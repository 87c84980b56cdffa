package io.amplifier.appapi.sessions.api;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Intent to delete a session; owner only. */
public record DeleteSessionCommand(
    @TargetAggregateIdentifier SessionId sessionId, String requesterId) {}
