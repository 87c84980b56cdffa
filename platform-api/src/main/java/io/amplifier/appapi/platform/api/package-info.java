/**
 * The platform api: the one shared contract every module may use (ADR 0014): read-your-writes, the
 * input patterns of the wire format, and the building blocks of problem+json answers.
 */
@NullMarked
package io.amplifier.appapi.platform.api;

import org.jspecify.annotations.NullMarked;
