package io.amplifier.appapi.configs.api;

/**
 * Asks for one config as {@code requesterId} may see it. The answer waits (briefly, bounded) until
 * the read model holds at least {@code minVersion}, so a client reads its own writes; pass -1 for
 * no wait.
 */
public record FindConfigQuery(ConfigId configId, String requesterId, long minVersion) {}
