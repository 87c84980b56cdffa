package io.amplifier.appapi.sessions.api;

import org.axonframework.serialization.Revision;

/** A user message opened turn {@code turn}; {@code seq} is its place in the transcript (from 1). */
@Revision("1")
public record SessionMessageSubmittedEvent(
    SessionId sessionId, String turnId, int turn, int seq, String authorId, String content)
    implements SessionEvent {}
