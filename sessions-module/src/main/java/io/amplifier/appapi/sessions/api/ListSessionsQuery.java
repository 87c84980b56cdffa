package io.amplifier.appapi.sessions.api;

import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Asks for a page of the sessions a user owns or shares, newest activity first, filtered. */
public record ListSessionsQuery(
    String userId,
    int limit,
    int offset,
    @Nullable SessionStatus status,
    @Nullable String configId,
    Map<String, String> tags) {}
