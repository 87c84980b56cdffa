/** Read side of sessions: session-view and session-messages projections and their queries. */
@NullMarked
package io.amplifier.appapi.sessions.query;

import org.jspecify.annotations.NullMarked;
