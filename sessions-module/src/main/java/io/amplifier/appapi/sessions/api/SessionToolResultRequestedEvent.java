package io.amplifier.appapi.sessions.api;

import org.axonframework.serialization.Revision;

/**
 * The model called {@code tool}, a tool the client declared with its message: the turn waits
 * ({@code requires_action}) for the client's result of call {@code callId} ({@link
 * SessionToolResultSubmittedEvent}). Arguments are bounded and hold no credential of the config.
 */
@Revision("1")
public record SessionToolResultRequestedEvent(
    SessionId sessionId, String turnId, String callId, String tool, String arguments)
    implements SessionEvent {}
