package io.amplifier.appapi.configs.query;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.amplifier.appapi.configs.api.ConfigCreatedEvent;
import io.amplifier.appapi.configs.api.ConfigDeletedEvent;
import io.amplifier.appapi.configs.api.ConfigSecretsRevealedEvent;
import io.amplifier.appapi.configs.api.ConfigUpdatedEvent;
import io.amplifier.appapi.platform.api.ProjectionCommits;
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
                               created_at, updated_at, revision, deleted, version)
      VALUES (?, ?, ?, ?, ?::jsonb, ?::jsonb, ?, ?, 1, false, ?)
      ON CONFLICT (config_id) DO UPDATE SET
          owner_id = EXCLUDED.owner_id, name = EXCLUDED.name,
          description = EXCLUDED.description, config_data = EXCLUDED.config_data,
          tags = EXCLUDED.tags, created_at = EXCLUDED.created_at,
          updated_at = EXCLUDED.updated_at, revision = 1, deleted = false,
          version = EXCLUDED.version
      WHERE config_view.version < EXCLUDED.version
      """;

  private static final String UPDATE =
      """
      UPDATE config_view SET name = ?, description = ?, config_data = ?::jsonb, tags = ?::jsonb,
                             updated_at = ?, revision = ?, version = ?
      WHERE config_id = ? AND version < ?
      """;

  private static final String DELETE =
      "UPDATE config_view SET deleted = true, updated_at = ?, version = ?"
          + " WHERE config_id = ? AND version < ?";

  private static final String TOUCH =
      "UPDATE config_view SET version = ? WHERE config_id = ? AND version < ?";

  private final JdbcTemplate jdbc;
  private final ObjectMapper json;
  private final BatchedWrites writes;

  ConfigViewProjection(JdbcTemplate jdbc, ObjectMapper json, ProjectionCommits updates) {
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

  @EventHandler
  void on(ConfigUpdatedEvent event, @SequenceNumber long sequence, @Timestamp Instant at)
      throws JsonProcessingException {
    writes.add(
        UPDATE,
        event.name(),
        event.description(),
        json.writeValueAsString(event.configData()),
        json.writeValueAsString(event.tags()),
        java.sql.Timestamp.from(at),
        event.revision(),
        sequence,
        event.configId().value(),
        sequence);
  }

  @EventHandler
  void on(ConfigDeletedEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
    writes.add(DELETE, java.sql.Timestamp.from(at), sequence, event.configId().value(), sequence);
  }

  /** A reveal changes no content, but readers wait for its sequence number. */
  @EventHandler
  void on(ConfigSecretsRevealedEvent event, @SequenceNumber long sequence) {
    writes.add(TOUCH, sequence, event.configId().value(), sequence);
  }

  @ResetHandler
  void reset() {
    jdbc.execute("TRUNCATE TABLE config_view");
  }
}
