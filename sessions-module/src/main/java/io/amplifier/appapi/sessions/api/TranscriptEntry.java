package io.amplifier.appapi.sessions.api;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/** One message of a transcript: {@code role} is {@code user} or {@code assistant}. */
public record TranscriptEntry(
    int seq, String role, String content, String turnId, boolean cancelled, @Nullable Instant createdAt) {}
