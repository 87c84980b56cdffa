package io.amplifier.appapi.configs.api;

/**
 * Asks for a config's document with its secrets in clear, to run a turn with it: for the sessions
 * module only, answered in memory and never recorded as a reveal (nothing is shown to a person).
 */
public record FindRunnableConfigQuery(ConfigId configId, String ownerId) {}
