package io.amplifier.appapi.sessions.api;

import java.util.List;

/** The answer to {@link TranscriptQuery}. */
public record Transcript(List<TranscriptEntry> entries) {}
