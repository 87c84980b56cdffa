package io.amplifier.appapi.configs.api;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/** One event in a config's history, with the metadata every event carries. */
public record ConfigHistoryEntry(
    String eventType,
    long sequenceNumber,
    Instant timestamp,
    @Nullable String userId,
    @Nullable String appId,
    @Nullable String requestId) {}
