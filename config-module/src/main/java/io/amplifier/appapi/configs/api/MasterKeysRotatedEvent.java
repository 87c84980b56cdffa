package io.amplifier.appapi.configs.api;

import org.axonframework.serialization.Revision;

/**
 * An admin re-wrapped every config's data key with the current master key ({@code rewrapped} keys).
 */
@Revision("1")
public record MasterKeysRotatedEvent(long rewrapped) {}
