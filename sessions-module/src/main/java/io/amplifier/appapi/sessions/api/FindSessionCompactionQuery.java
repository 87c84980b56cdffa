package io.amplifier.appapi.sessions.api;

/**
 * Asks for a session's latest context compaction (answers an optional {@link SessionCompaction}).
 */
public record FindSessionCompactionQuery(SessionId sessionId) {}
