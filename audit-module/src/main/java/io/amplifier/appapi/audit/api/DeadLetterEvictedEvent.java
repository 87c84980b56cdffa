package io.amplifier.appapi.audit.api;

import org.axonframework.serialization.Revision;

/** An admin evicted a sequence of dead letters: its events will never reach the projection. */
@Revision("1")
public record DeadLetterEvictedEvent(String processingGroup, String sequence, int evicted)
    implements AuditEvent {}
