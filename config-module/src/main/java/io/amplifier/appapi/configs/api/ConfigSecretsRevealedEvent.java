package io.amplifier.appapi.configs.api;

import org.axonframework.serialization.Revision;

/**
 * A config's secrets were shown in clear text to {@code revealedTo} (a decrypt=true read), as they
 * were at the config's {@code configRevision}.
 *
 * <p>Revision 2 renamed {@code revision} to {@code configRevision}: the config's revision, not the
 * event's. Revision-1 events are upcast when read ({@code ConfigSecretsRevealedUpcaster}).
 */
@Revision("2")
public record ConfigSecretsRevealedEvent(ConfigId configId, String revealedTo, int configRevision)
    implements ConfigEvent {}
