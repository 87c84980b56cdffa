package io.amplifier.appapi.configs.api;

import java.time.Instant;

/**
 * What a config command wrote, so that its answer is built without reading the view back: the
 * event's sequence number ({@link ConfigView#version}), the content revision and the event's time.
 */
public record ConfigWritten(long version, int revision, Instant at) {}
