package io.amplifier.appapi.sessions.api;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Intent to close the running turn as failed; {@code unrecoverable} (the provider refused the
 * config's credentials or request) also fails the session until its owner resumes it.
 */
public record FailSessionTurnCommand(
    @TargetAggregateIdentifier SessionId sessionId,
    String turnId,
    String reason,
    boolean unrecoverable) {}
