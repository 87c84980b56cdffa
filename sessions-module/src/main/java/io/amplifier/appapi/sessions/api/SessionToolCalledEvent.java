package io.amplifier.appapi.sessions.api;

import org.axonframework.serialization.Revision;

/**
 * The model called a tool during a turn and got its result (or an error); it takes place {@code
 * seq} in the transcript, as role {@code tool}. Arguments and output are bounded ({@link
 * ToolCall#MAX_CHARS}) and hold no credential of the config.
 */
@Revision("1")
public record SessionToolCalledEvent(SessionId sessionId, String turnId, int seq, ToolCall call)
    implements SessionEvent {}
