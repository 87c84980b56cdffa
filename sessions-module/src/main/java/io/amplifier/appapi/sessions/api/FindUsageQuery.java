package io.amplifier.appapi.sessions.api;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * Asks for the tokens provider calls used in {@code [from, to)}, summed, and per {@code groupBy}
 * ({@code user}, {@code application}, {@code config}, {@code model}; null: totals only); {@code
 * userId} (as keyed inside) limits it to one user's calls, null to everyone's.
 */
public record FindUsageQuery(
    Instant from, Instant to, @Nullable String groupBy, @Nullable String userId) {}
