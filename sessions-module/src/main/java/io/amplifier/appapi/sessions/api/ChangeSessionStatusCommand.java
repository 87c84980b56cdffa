package io.amplifier.appapi.sessions.api;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Intent to complete a session or resume it (to active); owner only. */
public record ChangeSessionStatusCommand(
    @TargetAggregateIdentifier SessionId sessionId, String requesterId, SessionStatus status) {}
