package io.amplifier.appapi.sessions.api;

import java.util.Map;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Intent to close the running turn with the assistant's (possibly partial) reply. */
public record RecordSessionReplyCommand(
    @TargetAggregateIdentifier SessionId sessionId,
    String turnId,
    String content,
    Map<String, Object> usage,
    boolean cancelled) {}
