/** Public types of the sessions module. */
@NullMarked
package io.amplifier.appapi.sessions.api;

import org.jspecify.annotations.NullMarked;
