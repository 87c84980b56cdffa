/** Agent sessions: turns against LLM providers, transcripts, participants. */
@NullMarked
package io.amplifier.appapi.sessions;

import org.jspecify.annotations.NullMarked;
