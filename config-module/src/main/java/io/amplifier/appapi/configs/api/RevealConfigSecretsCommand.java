package io.amplifier.appapi.configs.api;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Intent to read a config's secrets in clear text; allowed to the owner only, and recorded. */
public record RevealConfigSecretsCommand(
    @TargetAggregateIdentifier ConfigId configId, String requesterId) {}
