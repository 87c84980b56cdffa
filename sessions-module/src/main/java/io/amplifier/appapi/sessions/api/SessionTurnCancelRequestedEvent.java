package io.amplifier.appapi.sessions.api;

import org.axonframework.serialization.Revision;

/** Someone asked to stop the running turn; the node running it observes this and stops. */
@Revision("1")
public record SessionTurnCancelRequestedEvent(
    SessionId sessionId, String turnId, String requestedBy) implements SessionEvent {}
