package io.amplifier.appapi.configs.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import org.axonframework.serialization.Revision;
import org.jspecify.annotations.Nullable;

/** A user created a config; {@code configData} holds secrets only in their encrypted form. */
@Revision("1")
public record ConfigCreatedEvent(
    ConfigId configId,
    String ownerId,
    String name,
    @Nullable String description,
    ObjectNode configData,
    Map<String, String> tags)
    implements ConfigEvent {}
