package io.amplifier.appapi.configs.api;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * Asks for one config as it was at {@code revision} (1 = as created) and/or at instant {@code
 * asOf}, folded from its own events (never a projection); answered with a {@link ConfigAsOf}.
 */
public record FindConfigVersionQuery(
    ConfigId configId, String requesterId, @Nullable Integer revision, @Nullable Instant asOf) {}
