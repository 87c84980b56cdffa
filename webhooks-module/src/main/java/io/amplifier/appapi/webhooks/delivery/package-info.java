/**
 * Deliveries: the processor that turns events into queued deliveries, the db-scheduler task that
 * sends them (signed, in order per session, with back-off), and the guarded HTTP client.
 */
@NullMarked
package io.amplifier.appapi.webhooks.delivery;

import org.jspecify.annotations.NullMarked;
