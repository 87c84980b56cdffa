package io.amplifier.appapi.sessions.api;

import org.axonframework.serialization.Revision;
import org.jspecify.annotations.Nullable;

/**
 * One provider call of a turn used tokens: {@code inputTokens} and {@code outputTokens} as the
 * provider reported them, {@code cachedTokens} (of the input) where it says, charged to {@code
 * userId} through {@code appId}; {@code reservedTokens} is what the call held of their budgets
 * while it ran (ADR 26).
 */
@Revision("1")
public record SessionUsageRecordedEvent(
    SessionId sessionId,
    String turnId,
    String userId,
    @Nullable String appId,
    String configId,
    String provider,
    String model,
    long inputTokens,
    long outputTokens,
    @Nullable Long cachedTokens,
    long reservedTokens)
    implements SessionEvent {}
