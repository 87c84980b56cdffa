/**
 * What the projections share: the inline views written in their command's transaction, the event
 * source of the pooled processors, the commit signal, the arrivals of other nodes' events and the
 * token positions of every segment. May use {@code eventstore}, {@code operations} and the platform
 * api.
 */
@NullMarked
package io.amplifier.appapi.platform.projections;

import org.jspecify.annotations.NullMarked;
