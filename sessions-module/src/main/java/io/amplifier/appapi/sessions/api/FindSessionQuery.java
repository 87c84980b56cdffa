package io.amplifier.appapi.sessions.api;

/**
 * Asks for one session visible to {@code requesterId}, waiting (bounded) for {@code minVersion}.
 */
public record FindSessionQuery(SessionId sessionId, String requesterId, long minVersion) {}
