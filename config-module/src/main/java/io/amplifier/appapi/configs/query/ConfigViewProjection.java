package io.amplifier.appapi.configs.query;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.amplifier.appapi.configs.api.ConfigCreatedEvent;

import java.time.Instant;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.Timestamp;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Projects config events into {@code config_view}. Idempotent: each row keeps the sequence number
 * it last applied and older events are skipped, so a replay or a redelivery changes nothing. Every
 * value written comes from the event, never from the clock, so a rebuild reproduces the table.
 */
@Component
@ProcessingGroup(ConfigViewProjection.NAME)
class ConfigViewProjection {

  static final String NAME = "config-view";

  private static final String UPSERT =
      """
      INSERT INTO config_view (config_id, owner_id, name, description, config_data, tags,
                               created_at, updated_at, version)
      VALUES (?, ?, ?, ?, ?::jsonb, ?::jsonb, ?, ?, ?)
      ON CONFLICT (config_id) DO UPDATE SET
          owner_id = EXCLUDED.owner_id, name = EXCLUDED.name,
          description = EXCLUDED.description, config_data = EXCLUDED.config_data,
          tags = EXCLUDED.tags, created_at = EXCLUDED.created_at,
          updated_at = EXCLUDED.updated_at, version = EXCLUDED.version
      WHERE config_view.version < EXCLUDED.version
      """;

  private final JdbcTemplate jdbc;
  private final ObjectMapper json;
  private final BatchedWrites writes;

  ConfigViewProjection(JdbcTemplate jdbc, ObjectMapper json, ConfigViewUpdates updates) {
    this.jdbc = jdbc;
    this.json = json;
    this.writes = new BatchedWrites(jdbc, "config-view-writes", updates::signalAfterCommit);
  }

  @EventHandler
  void on(ConfigCreatedEvent event, @SequenceNumber long sequence, @Timestamp Instant at)
      throws JsonProcessingException {
    writes.add(
        UPSERT,
        event.configId().value(),
        event.ownerId(),
        event.name(),
        event.description(),
        json.writeValueAsString(event.configData()),
        json.writeValueAsString(event.tags()),
        java.sql.Timestamp.from(at),
        java.sql.Timestamp.from(at),
        sequence);
  }

  @ResetHandler
  void reset() {
    jdbc.execute("TRUNCATE TABLE config_view");
  }
}
