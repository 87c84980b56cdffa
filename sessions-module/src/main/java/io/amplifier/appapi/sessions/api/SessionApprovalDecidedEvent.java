package io.amplifier.appapi.sessions.api;

import org.axonframework.serialization.Revision;
import org.jspecify.annotations.Nullable;

/**
 * Approval {@code approvalId} was answered: {@code allowed} or not, with the decider's {@code
 * reason}; {@code decidedBy} is the user who decided, or {@code system} when nobody answered in
 * time and the config's default applied.
 */
@Revision("1")
public record SessionApprovalDecidedEvent(
    SessionId sessionId,
    String turnId,
    String approvalId,
    boolean allowed,
    @Nullable String reason,
    String decidedBy)
    implements SessionEvent {}
