package io.amplifier.appapi.sessions.api;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Tokens a set of provider calls used: input (of which cached), output, their sum, the calls. */
public record UsageTotals(
    @JsonProperty("input_tokens") long inputTokens,
    @JsonProperty("output_tokens") long outputTokens,
    @JsonProperty("cached_tokens") long cachedTokens,
    @JsonProperty("total_tokens") long totalTokens,
    long calls) {}
