package io.amplifier.appapi.sessions.api;

/**
 * Asks for one turn of a session, folded from the session's events (answers {@link
 * SessionTurnView}).
 */
public record FindSessionTurnQuery(SessionId sessionId, String turnId) {}
