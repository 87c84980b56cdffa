package io.amplifier.appapi.sessions.api;

import java.time.Instant;

/**
 * What starting a session wrote: the sequence number of its last event (the view's version) and the
 * time of its start, from which, with the command, its answer is whole without a read.
 */
public record SessionStarted(long version, Instant at) {}
