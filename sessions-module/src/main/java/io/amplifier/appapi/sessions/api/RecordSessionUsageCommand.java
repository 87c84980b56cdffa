package io.amplifier.appapi.sessions.api;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.jspecify.annotations.Nullable;

/** Intent to record the tokens one provider call of a turn used, as the provider reported them. */
public record RecordSessionUsageCommand(
    @TargetAggregateIdentifier SessionId sessionId,
    String turnId,
    String userId,
    @Nullable String appId,
    String configId,
    String provider,
    String model,
    long inputTokens,
    long outputTokens,
    @Nullable Long cachedTokens,
    long reservedTokens) {}
