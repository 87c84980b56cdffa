package io.amplifier.appapi.configs.api;

import java.util.List;

/** The answer to {@link ConfigHistoryQuery}: empty when the config does not exist for the requester. */
public record ConfigHistory(ConfigId configId, List<ConfigHistoryEntry> events) {}
