package io.amplifier.appapi.configs.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.jspecify.annotations.Nullable;

/** Intent to create a config owned by {@code ownerId}. */
public record CreateConfigCommand(
    @TargetAggregateIdentifier ConfigId configId,
    String ownerId,
    String name,
    @Nullable String description,
    ObjectNode configData,
    Map<String, String> tags) {}
