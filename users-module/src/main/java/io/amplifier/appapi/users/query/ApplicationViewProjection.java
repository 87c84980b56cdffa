package io.amplifier.appapi.users.query;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.amplifier.appapi.platform.api.ProjectionCommits;
import io.amplifier.appapi.users.api.ApplicationDeletedEvent;
import io.amplifier.appapi.users.api.ApplicationKeyRegeneratedEvent;
import io.amplifier.appapi.users.api.ApplicationRegisteredEvent;
import java.sql.Timestamp;
import java.time.Instant;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Projects application events into {@code application_view}; idempotent by the sequence number each
 * row keeps, and built only from event values so a rebuild reproduces it.
 */
@Component
@ProcessingGroup("application-view")
class ApplicationViewProjection {

  private final JdbcTemplate jdbc;
  private final ObjectMapper json;
  private final ProjectionCommits updates;

  ApplicationViewProjection(JdbcTemplate jdbc, ObjectMapper json, ProjectionCommits updates) {
    this.jdbc = jdbc;
    this.json = json;
    this.updates = updates;
  }

  @EventHandler
  void on(
      ApplicationRegisteredEvent event,
      @SequenceNumber long sequence,
      @org.axonframework.eventhandling.Timestamp Instant at)
      throws JsonProcessingException {
    jdbc.update(
        """
        INSERT INTO application_view (app_id, app_name, key_prefix, key_hash, admin, settings,
                                      created_at, updated_at, deleted, version)
        VALUES (?, ?, ?, ?, ?, ?::jsonb, ?, ?, false, ?)
        ON CONFLICT (app_id) DO UPDATE SET
            app_name = EXCLUDED.app_name, key_prefix = EXCLUDED.key_prefix,
            key_hash = EXCLUDED.key_hash, admin = EXCLUDED.admin, settings = EXCLUDED.settings,
            created_at = EXCLUDED.created_at, updated_at = EXCLUDED.updated_at,
            deleted = false, version = EXCLUDED.version
        WHERE application_view.version < EXCLUDED.version
        """,
        event.appId(),
        event.appName(),
        event.keyPrefix(),
        event.keyHash(),
        event.admin(),
        json.writeValueAsString(event.settings()),
        Timestamp.from(at),
        Timestamp.from(at),
        sequence);
    updates.signalAfterCommit();
  }

  @EventHandler
  void on(
      ApplicationKeyRegeneratedEvent event,
      @SequenceNumber long sequence,
      @org.axonframework.eventhandling.Timestamp Instant at) {
    jdbc.update(
        "UPDATE application_view SET key_prefix = ?, key_hash = ?, updated_at = ?, version = ?"
            + " WHERE app_id = ? AND version < ?",
        event.keyPrefix(),
        event.keyHash(),
        Timestamp.from(at),
        sequence,
        event.appId(),
        sequence);
    updates.signalAfterCommit();
  }

  @EventHandler
  void on(
      ApplicationDeletedEvent event,
      @SequenceNumber long sequence,
      @org.axonframework.eventhandling.Timestamp Instant at) {
    jdbc.update(
        "UPDATE application_view SET deleted = true, updated_at = ?, version = ?"
            + " WHERE app_id = ? AND version < ?",
        Timestamp.from(at),
        sequence,
        event.appId(),
        sequence);
    updates.signalAfterCommit();
  }

  @ResetHandler
  void reset() {
    jdbc.execute("TRUNCATE TABLE application_view");
  }
}
