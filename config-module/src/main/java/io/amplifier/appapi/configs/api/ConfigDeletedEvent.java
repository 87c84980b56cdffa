package io.amplifier.appapi.configs.api;

import org.axonframework.serialization.Revision;

/** A config was deleted; its data key was destroyed with it, so its old secrets are unreadable. */
@Revision("1")
public record ConfigDeletedEvent(ConfigId configId) implements ConfigEvent {}
