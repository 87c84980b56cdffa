package io.amplifier.appapi.sessions.api;

import org.axonframework.serialization.Revision;

/**
 * The client answered call {@code callId} of a tool it declared: {@code output}, or the error's
 * text when {@code error} (bounded, {@link ToolCall#MAX_CHARS}); the waiting turn goes on, on
 * whichever node runs it.
 */
@Revision("1")
public record SessionToolResultSubmittedEvent(
    SessionId sessionId, String turnId, String callId, String output, boolean error)
    implements SessionEvent {}
