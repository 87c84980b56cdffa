package io.amplifier.appapi.sessions.api;

import java.time.Instant;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One message of a transcript: {@code role} is {@code user}, {@code assistant} or {@code tool}; a
 * user message may carry the client's {@code context}, a tool entry its {@code tool} call (its
 * {@code content} is the call's output).
 */
public record TranscriptEntry(
    int seq,
    String role,
    String content,
    String turnId,
    boolean cancelled,
    @Nullable Instant createdAt,
    @Nullable Map<String, Object> context,
    @Nullable ToolCall tool) {}
