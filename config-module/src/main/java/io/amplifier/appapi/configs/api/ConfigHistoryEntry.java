package io.amplifier.appapi.configs.api;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * One event in a config's history, with the metadata every event carries, the revision it made or
 * read, and the top-level fields it changed.
 */
public record ConfigHistoryEntry(
    String eventType,
    long sequenceNumber,
    Instant timestamp,
    @Nullable Integer revision,
    java.util.List<String> changedFields,
    @Nullable String userId,
    @Nullable String appId,
    @Nullable String requestId) {}
