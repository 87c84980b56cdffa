package io.amplifier.appapi.sessions.api;

import org.axonframework.serialization.Revision;

/**
 * Turn {@code turnId}, cancelled by a message sent with {@code multitask_strategy: rollback}
 * ({@code byTurnId}'s), is dropped from the transcript and from what later turns send the provider:
 * its user message and whatever it produced. Its events stay, for history and audit.
 */
@Revision("1")
public record SessionTurnRolledBackEvent(SessionId sessionId, String turnId, String byTurnId)
    implements SessionEvent {}
