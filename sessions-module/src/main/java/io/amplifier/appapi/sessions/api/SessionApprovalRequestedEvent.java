package io.amplifier.appapi.sessions.api;

import org.axonframework.serialization.Revision;

/**
 * A running turn asks a person whether the model's call of {@code tool} with {@code arguments}
 * (bounded, no credential of the config) may run; the turn waits for {@link
 * SessionApprovalDecidedEvent} of the same {@code approvalId}.
 */
@Revision("1")
public record SessionApprovalRequestedEvent(
    SessionId sessionId, String turnId, String approvalId, String tool, String arguments)
    implements SessionEvent {}
