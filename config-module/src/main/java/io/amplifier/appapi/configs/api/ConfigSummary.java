package io.amplifier.appapi.configs.api;

import java.time.Instant;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** A config in a list: its metadata, never its document. */
public record ConfigSummary(
    ConfigId configId,
    String ownerId,
    String name,
    @Nullable String description,
    Map<String, String> tags,
    Instant createdAt,
    Instant updatedAt,
    int revision) {}
