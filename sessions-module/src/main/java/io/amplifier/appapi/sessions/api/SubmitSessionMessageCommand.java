package io.amplifier.appapi.sessions.api;

import java.util.Map;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.jspecify.annotations.Nullable;

/**
 * Intent to open a turn with a user message and the client's optional context object (owner or
 * editor; one turn at a time).
 */
public record SubmitSessionMessageCommand(
    @TargetAggregateIdentifier SessionId sessionId,
    String requesterId,
    String turnId,
    String content,
    @Nullable Map<String, Object> context) {}
