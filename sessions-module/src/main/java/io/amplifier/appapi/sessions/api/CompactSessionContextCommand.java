package io.amplifier.appapi.sessions.api;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Intent to record the running turn's compaction of its context ({@link
 * SessionContextCompactedEvent}).
 */
public record CompactSessionContextCommand(
    @TargetAggregateIdentifier SessionId sessionId,
    String turnId,
    int fromMessage,
    int throughMessage,
    String summary,
    int tokensBefore,
    int tokensAfter) {}
