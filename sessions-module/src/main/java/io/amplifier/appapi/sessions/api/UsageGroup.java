package io.amplifier.appapi.sessions.api;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import org.jspecify.annotations.Nullable;

/**
 * One group of a usage answer: its {@code key} (a user as the wire shows it, an application, a
 * config id or a model; null where the calls had none) and, for a user, the application scope its
 * id is keyed in ({@code scope}), with the group's totals.
 */
public record UsageGroup(
    @Nullable String key, @Nullable String scope, @JsonUnwrapped UsageTotals totals) {}
