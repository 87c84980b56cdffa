package io.amplifier.appapi.configs.api;

import org.axonframework.serialization.Revision;

/** A config's secrets were shown in clear text to {@code revealedTo} (a decrypt=true read). */
@Revision("1")
public record ConfigSecretsRevealedEvent(ConfigId configId, String revealedTo, int revision)
    implements ConfigEvent {}
