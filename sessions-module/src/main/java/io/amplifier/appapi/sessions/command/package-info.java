/** Command side of sessions: the Session aggregate and its rules. */
@NullMarked
package io.amplifier.appapi.sessions.command;

import org.jspecify.annotations.NullMarked;
