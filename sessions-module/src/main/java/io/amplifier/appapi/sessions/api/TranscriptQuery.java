package io.amplifier.appapi.sessions.api;

/**
 * Asks for transcript entries with {@code seq > after}, at most {@code limit}, waiting (bounded)
 * for the session's read models to reach {@code minVersion}.
 */
public record TranscriptQuery(SessionId sessionId, int after, int limit, long minVersion) {}
