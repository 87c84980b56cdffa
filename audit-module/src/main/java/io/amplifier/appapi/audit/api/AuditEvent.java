package io.amplifier.appapi.audit.api;

/** Marker of the facts the service records only for its audit log (no entity owns them). */
public sealed interface AuditEvent
    permits AccessRefusedEvent,
        DeadLetterEvictedEvent,
        DeadLetterRetriedEvent,
        ProjectionRebuildStartedEvent {}
