package io.amplifier.appapi.configs.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Body of {@code POST /configs}, as the original service accepts it: top-level {@code session},
 * {@code providers}, {@code includes} and {@code tools}, when present, replace those keys of {@code
 * config_data}.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
record CreateConfigRequest(
    @NotBlank @Size(max = 255) String name,
    @Nullable @Size(max = 10_000) String description,
    @NotNull ObjectNode configData,
    @Nullable JsonNode session,
    @Nullable JsonNode providers,
    @Nullable JsonNode includes,
    @Nullable JsonNode tools,
    @Nullable Map<String, String> tags) {

  Map<String, JsonNode> sections() {
    return ConfigSections.of(session, providers, includes, tools);
  }
}
