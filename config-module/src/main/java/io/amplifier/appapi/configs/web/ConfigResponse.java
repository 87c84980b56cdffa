package io.amplifier.appapi.configs.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.amplifier.appapi.configs.api.ConfigView;
import io.amplifier.appapi.users.api.UserId;
import java.time.Instant;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** A full config on the wire, field for field as the original service answers. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.ALWAYS)
record ConfigResponse(
    String configId,
    String name,
    @Nullable String description,
    ObjectNode configData,
    String userId,
    Instant createdAt,
    Instant updatedAt,
    Map<String, String> tags,
    @Nullable String message,
    boolean encrypted) {

  static ConfigResponse of(
      ConfigView view, ObjectNode configData, boolean encrypted, @Nullable String message) {
    return new ConfigResponse(
        view.configId().toString(),
        view.name(),
        view.description(),
        configData,
        UserId.wire(view.ownerId()),
        view.createdAt(),
        view.updatedAt(),
        view.tags(),
        message,
        encrypted);
  }
}
