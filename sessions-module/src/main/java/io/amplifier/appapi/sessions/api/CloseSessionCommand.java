package io.amplifier.appapi.sessions.api;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Intent, from the service itself, to close a session for good (its config was deleted). */
public record CloseSessionCommand(@TargetAggregateIdentifier SessionId sessionId, String reason) {}
