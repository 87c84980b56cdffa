package io.amplifier.appapi.sessions.api;

import java.util.List;

/** A session and its transcript as they were at a past version or instant. */
public record SessionAsOf(SessionView view, List<TranscriptEntry> messages) {}
