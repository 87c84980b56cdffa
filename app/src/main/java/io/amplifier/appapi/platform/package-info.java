/** Cross-cutting wiring: database, event store, request metadata, errors. */
@NullMarked
package io.amplifier.appapi.platform;

import org.jspecify.annotations.NullMarked;
