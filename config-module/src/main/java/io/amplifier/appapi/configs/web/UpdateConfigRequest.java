package io.amplifier.appapi.configs.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Body of {@code PUT /configs/{id}}: every field optional, only the given ones change. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
record UpdateConfigRequest(
    @Nullable @Size(min = 1, max = 255) @Pattern(regexp = ".*\\S.*", message = "must not be blank")
        String name,
    @Nullable @Size(max = 10_000) String description,
    @Nullable ObjectNode configData,
    @Nullable JsonNode session,
    @Nullable JsonNode providers,
    @Nullable JsonNode includes,
    @Nullable JsonNode tools,
    @Nullable Map<String, String> tags) {

  Map<String, JsonNode> sections() {
    return ConfigSections.of(session, providers, includes, tools);
  }
}
