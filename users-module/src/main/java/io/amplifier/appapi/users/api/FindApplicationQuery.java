package io.amplifier.appapi.users.api;

/**
 * Asks for one application; waits (bounded) until the read model holds {@code minVersion}, -1 for
 * no wait.
 */
public record FindApplicationQuery(String appId, long minVersion) {}
