package io.amplifier.appapi.sessions.api;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Intent of the running turn {@code turnId} to wait for the client's result of a call. */
public record RequestSessionToolResultCommand(
    @TargetAggregateIdentifier SessionId sessionId,
    String turnId,
    String callId,
    String tool,
    String arguments) {}
