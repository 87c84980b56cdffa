/** HTTP adapter of sessions: the /sessions routes, blocking and streamed turns. */
@NullMarked
package io.amplifier.appapi.sessions.web;

import org.jspecify.annotations.NullMarked;
