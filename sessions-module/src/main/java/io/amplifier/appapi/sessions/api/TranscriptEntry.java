package io.amplifier.appapi.sessions.api;

import java.time.Instant;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One message of a transcript: {@code role} is {@code user} or {@code assistant}; a user message
 * may carry the client's {@code context}.
 */
public record TranscriptEntry(
    int seq,
    String role,
    String content,
    String turnId,
    boolean cancelled,
    @Nullable Instant createdAt,
    @Nullable Map<String, Object> context) {}
