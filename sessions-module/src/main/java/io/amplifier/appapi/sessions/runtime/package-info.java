/** The provider runtime: runs a turn against the config's first provider, cancellable. */
@NullMarked
package io.amplifier.appapi.sessions.runtime;

import org.jspecify.annotations.NullMarked;
