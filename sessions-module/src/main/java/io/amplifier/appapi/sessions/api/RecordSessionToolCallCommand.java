package io.amplifier.appapi.sessions.api;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Intent to record a tool call the running turn made, with its result. */
public record RecordSessionToolCallCommand(
    @TargetAggregateIdentifier SessionId sessionId, String turnId, ToolCall call) {}
