package io.amplifier.appapi.configs.api;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Intent to delete a config (owner only). */
public record DeleteConfigCommand(
    @TargetAggregateIdentifier ConfigId configId, String requesterId) {}
