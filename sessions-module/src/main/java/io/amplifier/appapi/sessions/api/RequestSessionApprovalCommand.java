package io.amplifier.appapi.sessions.api;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Intent of the running turn {@code turnId} to ask whether a tool call may run. */
public record RequestSessionApprovalCommand(
    @TargetAggregateIdentifier SessionId sessionId,
    String turnId,
    String approvalId,
    String tool,
    String arguments) {}
