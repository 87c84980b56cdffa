package io.amplifier.appapi.sessions.api;

import java.util.Map;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.jspecify.annotations.Nullable;

/**
 * Intent to queue a message's turn behind the running one (owner or editor): {@code strategy} is
 * {@code enqueue}, {@code interrupt} or {@code rollback} (the latter two also ask the running turn
 * to stop); {@code streamed} says whether the provider is asked for a stream; {@code tools} is the
 * JSON text of the tools the client declared (null: none); at most {@code maxQueued} turns wait.
 */
public record EnqueueSessionTurnCommand(
    @TargetAggregateIdentifier SessionId sessionId,
    String requesterId,
    String turnId,
    String content,
    @Nullable Map<String, Object> context,
    String strategy,
    boolean streamed,
    @Nullable String tools,
    int maxQueued) {}
