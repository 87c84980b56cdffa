package io.amplifier.appapi.configs.api;

import java.util.List;

/** The answer to {@link ListConfigsQuery}: one page and the total of the owner's matches. */
public record ConfigPage(List<ConfigSummary> configs, long total) {}
