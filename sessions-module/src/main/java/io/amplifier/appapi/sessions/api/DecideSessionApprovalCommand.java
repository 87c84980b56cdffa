package io.amplifier.appapi.sessions.api;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.jspecify.annotations.Nullable;

/**
 * Intent to answer a pending approval: by {@code requesterId} (an owner or editor), or, when {@code
 * system}, by the service applying the config's default after the approval timed out.
 */
public record DecideSessionApprovalCommand(
    @TargetAggregateIdentifier SessionId sessionId,
    String requesterId,
    String approvalId,
    boolean allowed,
    @Nullable String reason,
    boolean system) {}
