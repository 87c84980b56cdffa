package io.amplifier.appapi.configs.api;

/** Asks for one config as it was at {@code revision} (1 = as created), folded from its events. */
public record FindConfigVersionQuery(ConfigId configId, String requesterId, int revision) {}
