package io.amplifier.appapi.audit.api;

import org.axonframework.serialization.Revision;

/** A caller was answered 404 for an entity that exists but is not theirs to read. */
@Revision("1")
public record AccessRefusedEvent(String entityType, String entityId, String userId, String route)
    implements AuditEvent {}
