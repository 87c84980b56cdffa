package io.amplifier.appapi.configs.api;

/** Marker of every fact about a config; the compiler knows them all. */
public sealed interface ConfigEvent
    permits ConfigCreatedEvent, ConfigUpdatedEvent, ConfigDeletedEvent, ConfigSecretsRevealedEvent {

  ConfigId configId();
}
