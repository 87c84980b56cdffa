package io.amplifier.appapi.sessions.api;

import org.axonframework.serialization.Revision;

/**
 * A turn compacted its session's context: {@code summary}, written by the session's own provider,
 * stands from now on for the transcript's user and assistant messages {@code fromMessage} to {@code
 * throughMessage} (1-based, oldest first; tool messages are never sent again and not counted) in
 * what is sent; the transcript keeps them. {@code tokensBefore} is what the history would have
 * sent, {@code tokensAfter} what the summary costs.
 */
@Revision("1")
public record SessionContextCompactedEvent(
    SessionId sessionId,
    String turnId,
    int fromMessage,
    int throughMessage,
    String summary,
    int tokensBefore,
    int tokensAfter)
    implements SessionEvent {}
