package io.amplifier.appapi.sessions.api;

/** Asks for a session's context window figures (answers {@link SessionContextView}). */
public record FindSessionContextQuery(SessionId sessionId) {}
