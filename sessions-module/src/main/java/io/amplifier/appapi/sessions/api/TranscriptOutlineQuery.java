package io.amplifier.appapi.sessions.api;

/**
 * Asks for the first {@code limit} transcript entries of a session in outline (place, role and
 * length, never the content), so a reader can check a size before it loads anything large.
 */
public record TranscriptOutlineQuery(SessionId sessionId, int limit) {}
