package io.amplifier.appapi.configs.query;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.amplifier.appapi.configs.api.RecipeCreatedEvent;
import io.amplifier.appapi.configs.api.RecipeDeletedEvent;
import io.amplifier.appapi.configs.api.RecipeUpdatedEvent;
import io.amplifier.appapi.platform.api.ProjectionCommits;
import java.sql.Timestamp;
import java.time.Instant;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** Projects recipe events into {@code recipe_view}, idempotent by sequence number. */
@Component
@ProcessingGroup("recipe-view")
class RecipeViewProjection {

  private final JdbcTemplate jdbc;
  private final ObjectMapper json;
  private final ProjectionCommits updates;

  RecipeViewProjection(JdbcTemplate jdbc, ObjectMapper json, ProjectionCommits updates) {
    this.jdbc = jdbc;
    this.json = json;
    this.updates = updates;
  }

  @EventHandler
  void on(
      RecipeCreatedEvent event,
      @SequenceNumber long sequence,
      @org.axonframework.eventhandling.Timestamp Instant at)
      throws JsonProcessingException {
    jdbc.update(
        """
        INSERT INTO recipe_view (recipe_id, owner_id, name, recipe_data, tags, created_at,
                                 updated_at, deleted, version)
        VALUES (?, ?, ?, ?::jsonb, ?::jsonb, ?, ?, false, ?)
        ON CONFLICT (recipe_id) DO NOTHING
        """,
        event.recipeId().value(),
        event.ownerId(),
        event.name(),
        json.writeValueAsString(event.recipeData()),
        json.writeValueAsString(event.tags()),
        Timestamp.from(at),
        Timestamp.from(at),
        sequence);
    updates.signalAfterCommit();
  }

  @EventHandler
  void on(
      RecipeUpdatedEvent event,
      @SequenceNumber long sequence,
      @org.axonframework.eventhandling.Timestamp Instant at)
      throws JsonProcessingException {
    jdbc.update(
        "UPDATE recipe_view SET name = ?, recipe_data = ?::jsonb, tags = ?::jsonb, updated_at = ?,"
            + " version = ? WHERE recipe_id = ? AND version < ?",
        event.name(),
        json.writeValueAsString(event.recipeData()),
        json.writeValueAsString(event.tags()),
        Timestamp.from(at),
        sequence,
        event.recipeId().value(),
        sequence);
    updates.signalAfterCommit();
  }

  @EventHandler
  void on(
      RecipeDeletedEvent event,
      @SequenceNumber long sequence,
      @org.axonframework.eventhandling.Timestamp Instant at) {
    jdbc.update(
        "UPDATE recipe_view SET deleted = true, updated_at = ?, version = ?"
            + " WHERE recipe_id = ? AND version < ?",
        Timestamp.from(at),
        sequence,
        event.recipeId().value(),
        sequence);
    updates.signalAfterCommit();
  }

  @ResetHandler
  void reset() {
    jdbc.execute("TRUNCATE TABLE recipe_view");
  }
}
