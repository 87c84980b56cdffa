package io.amplifier.appapi.sessions.api;

import java.util.List;

/** The answer to {@link ListSessionsQuery}. */
public record SessionPage(List<SessionView> sessions, long total) {}
