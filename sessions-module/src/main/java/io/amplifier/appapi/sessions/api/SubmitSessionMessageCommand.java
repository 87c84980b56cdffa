package io.amplifier.appapi.sessions.api;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Intent to open a turn with a user message (owner or editor; one turn at a time). */
public record SubmitSessionMessageCommand(
    @TargetAggregateIdentifier SessionId sessionId, String requesterId, String turnId, String content) {}
