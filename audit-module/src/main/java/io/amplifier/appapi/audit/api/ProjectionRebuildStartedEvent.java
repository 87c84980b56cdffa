package io.amplifier.appapi.audit.api;

import org.axonframework.serialization.Revision;

/** An admin reset a projection, which now replays every event into an empty read model. */
@Revision("1")
public record ProjectionRebuildStartedEvent(String projection) implements AuditEvent {}
