package io.amplifier.appapi.sessions.api;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Intent to record what the running turn's provider call was sent ({@link
 * SessionContextMeasuredEvent}).
 */
public record RecordSessionContextCommand(
    @TargetAggregateIdentifier SessionId sessionId,
    String turnId,
    int tokens,
    int window,
    String strategy,
    int omitted,
    String counting) {}
