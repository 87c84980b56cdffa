/**
 * Webhooks: registrations (events, so audit and history see them) and their signed deliveries,
 * driven from the event stream through a durable queue in PostgreSQL (ADR 0027).
 */
@NullMarked
package io.amplifier.appapi.webhooks;

import org.jspecify.annotations.NullMarked;
