package io.amplifier.appapi.audit.api;

import org.axonframework.serialization.Revision;
import org.jspecify.annotations.Nullable;

/**
 * An admin retried dead letters of a projection: one sequence (aggregate), or every one of the
 * processing group when {@code sequence} is null; with how many recovered and still fail.
 */
@Revision("1")
public record DeadLetterRetriedEvent(
    String processingGroup, @Nullable String sequence, int recovered, int stillFailing)
    implements AuditEvent {}
