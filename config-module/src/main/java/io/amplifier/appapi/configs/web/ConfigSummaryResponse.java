package io.amplifier.appapi.configs.web;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.amplifier.appapi.configs.api.ConfigSummary;
import io.amplifier.appapi.users.api.UserId;
import java.time.Instant;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** A config in a list: metadata only, never the document. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
record ConfigSummaryResponse(
    String configId,
    String name,
    @Nullable String description,
    String userId,
    Instant createdAt,
    Instant updatedAt,
    Map<String, String> tags,
    int version) {

  static ConfigSummaryResponse of(ConfigSummary summary) {
    return new ConfigSummaryResponse(
        summary.configId().toString(),
        summary.name(),
        summary.description(),
        UserId.wire(summary.ownerId()),
        summary.createdAt(),
        summary.updatedAt(),
        summary.tags(),
        summary.revision());
  }
}
