package io.amplifier.appapi.sessions.api;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Intent to take queued turn {@code turnId} out of the queue without running it. */
public record DropQueuedSessionTurnCommand(
    @TargetAggregateIdentifier SessionId sessionId, String turnId, String reason) {}
