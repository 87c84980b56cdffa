package io.amplifier.appapi.sessions.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The tokens provider calls used in {@code [from, to)}: the totals and, when grouped, the largest
 * groups first ({@code truncated} when more groups than the answer holds had use).
 */
public record UsageReport(
    Instant from,
    Instant to,
    @JsonProperty("group_by") @Nullable String groupBy,
    UsageTotals totals,
    List<UsageGroup> groups,
    boolean truncated) {}
