package io.amplifier.appapi.configs.api;

/** Asks for every event of one config, oldest first, as {@code requesterId} may see them. */
public record ConfigHistoryQuery(ConfigId configId, String requesterId) {}
