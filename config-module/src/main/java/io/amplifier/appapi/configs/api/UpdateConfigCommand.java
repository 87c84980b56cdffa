package io.amplifier.appapi.configs.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.jspecify.annotations.Nullable;

/**
 * Intent to change a config: only the non-null fields change; {@code configData} replaces the
 * document, then each of {@code sections} replaces that key of it. {@code expectedRevision}, when
 * given, must be the current revision (If-Match).
 */
public record UpdateConfigCommand(
    @TargetAggregateIdentifier ConfigId configId,
    String requesterId,
    @Nullable String name,
    @Nullable String description,
    @Nullable ObjectNode configData,
    Map<String, JsonNode> sections,
    @Nullable Map<String, String> tags,
    @Nullable Integer expectedRevision) {}
