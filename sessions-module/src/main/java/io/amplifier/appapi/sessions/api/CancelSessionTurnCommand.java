package io.amplifier.appapi.sessions.api;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Intent to stop the running turn, wherever it runs. */
public record CancelSessionTurnCommand(@TargetAggregateIdentifier SessionId sessionId, String requesterId) {}
