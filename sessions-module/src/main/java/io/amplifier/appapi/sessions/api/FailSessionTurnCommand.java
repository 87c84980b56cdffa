package io.amplifier.appapi.sessions.api;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Intent to close the running turn as failed. */
public record FailSessionTurnCommand(
    @TargetAggregateIdentifier SessionId sessionId, String turnId, String reason) {}
