package io.amplifier.appapi.configs.web;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.amplifier.appapi.configs.api.ConfigHistory;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** A config's events, oldest first, with who caused each and through which request. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
record ConfigHistoryResponse(String configId, List<Entry> events, int total) {

  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  record Entry(
      String eventType,
      long sequenceNumber,
      Instant timestamp,
      @Nullable Integer revision,
      List<String> changedFields,
      @Nullable String userId,
      @Nullable String appId,
      @Nullable String requestId) {}

  static ConfigHistoryResponse of(ConfigHistory history) {
    List<Entry> entries =
        history.events().stream()
            .map(
                e ->
                    new Entry(
                        e.eventType(),
                        e.sequenceNumber(),
                        e.timestamp(),
                        e.revision(),
                        e.changedFields(),
                        e.userId(),
                        e.appId(),
                        e.requestId()))
            .toList();
    return new ConfigHistoryResponse(history.configId().toString(), entries, entries.size());
  }
}
