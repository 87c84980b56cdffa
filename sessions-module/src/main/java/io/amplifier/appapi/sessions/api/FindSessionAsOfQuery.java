package io.amplifier.appapi.sessions.api;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * Asks for one session (and its transcript) as it was at sequence {@code version} and/or instant
 * {@code asOf}, folded from its own events; answered with a {@link SessionAsOf}.
 */
public record FindSessionAsOfQuery(
    SessionId sessionId, String requesterId, @Nullable Long version, @Nullable Instant asOf) {}
