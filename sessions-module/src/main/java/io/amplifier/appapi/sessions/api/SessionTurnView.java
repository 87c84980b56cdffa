package io.amplifier.appapi.sessions.api;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One turn as its session's events tell it: the message that opened it, its status, its reply
 * ({@code result}) and usage once it ended, its failure reason, whether a cancel was asked, and its
 * tool calls in order ({@code call_id, name, arguments, output, error}, bounded as recorded);
 * {@code version} is the sequence number of the last event about it; {@code pendingToolCalls}
 * ({@code call_id, name, arguments}) are the calls of client-declared tools it waits for (status
 * {@code requires_action}).
 */
public record SessionTurnView(
    SessionId sessionId,
    String turnId,
    int turn,
    TurnStatus status,
    String requestedBy,
    String message,
    @Nullable String result,
    Map<String, Object> usage,
    @Nullable String error,
    boolean cancelRequested,
    List<Map<String, Object>> toolCalls,
    Instant startedAt,
    @Nullable Instant endedAt,
    long version,
    List<Map<String, Object>> pendingToolCalls) {}
