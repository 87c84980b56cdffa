package io.amplifier.appapi.configs.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A config as the read model holds it: {@code revision} counts content changes (1 = as created, the
 * ETag), {@code version} is the aggregate sequence last applied (what readers wait for).
 */
public record ConfigView(
    ConfigId configId,
    String ownerId,
    String name,
    @Nullable String description,
    ObjectNode configData,
    Map<String, String> tags,
    Instant createdAt,
    Instant updatedAt,
    int revision,
    long version) {}
