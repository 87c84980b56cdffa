/**
 * The past as a first-class API: entity histories, the audit log, as-of reads, idempotent retries.
 */
@NullMarked
package io.amplifier.appapi.audit;

import org.jspecify.annotations.NullMarked;
