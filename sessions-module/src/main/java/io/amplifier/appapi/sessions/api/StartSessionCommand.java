package io.amplifier.appapi.sessions.api;

import java.util.List;
import java.util.Map;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.jspecify.annotations.Nullable;

/** Intent to start a session from a config; a fork also carries the transcript it starts with. */
public record StartSessionCommand(
    @TargetAggregateIdentifier SessionId sessionId,
    String ownerId,
    String configId,
    Map<String, String> tags,
    Map<String, Object> metadata,
    @Nullable String forkedFrom,
    @Nullable Integer forkedAfterTurn,
    List<TranscriptEntry> transcript) {}
