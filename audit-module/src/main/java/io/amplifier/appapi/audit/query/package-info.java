/**
 * Read side of audit: the audit-log projection (every module's events, as rows per owner), its
 * queries with their consistency tokens, and entity histories folded from the event store.
 */
@NullMarked
package io.amplifier.appapi.audit.query;

import org.jspecify.annotations.NullMarked;
