/**
 * The platform api: the one shared contract every module may use (ADR 0014): read-your-writes, the
 * input patterns of the wire format, the building blocks of problem+json answers, and the node's
 * {@code LISTEN/NOTIFY} channels.
 */
@NullMarked
package io.amplifier.appapi.platform.api;

import org.jspecify.annotations.NullMarked;
