package io.amplifier.appapi.users.api;

import java.time.Instant;
import java.util.Map;

/**
 * An application as the read model holds it. {@code keyHash} is the one-way hash of its current
 * key, for authentication; never put it in a response.
 */
public record ApplicationView(
    String appId,
    String appName,
    String keyPrefix,
    String keyHash,
    boolean active,
    boolean admin,
    Map<String, Object> settings,
    Instant createdAt,
    Instant updatedAt,
    long version) {}
