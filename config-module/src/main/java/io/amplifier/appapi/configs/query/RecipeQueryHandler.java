package io.amplifier.appapi.configs.query;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.amplifier.appapi.configs.api.FindRecipeQuery;
import io.amplifier.appapi.configs.api.ListRecipesQuery;
import io.amplifier.appapi.configs.api.RecipeId;
import io.amplifier.appapi.configs.api.RecipePage;
import io.amplifier.appapi.configs.api.RecipeView;
import io.amplifier.appapi.platform.api.ProjectionCommits;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** Answers recipe queries from {@code recipe_view}. */
@Component
class RecipeQueryHandler {

  private static final String COLUMNS =
      "recipe_id, owner_id, name, recipe_data::text AS recipe_data, tags::text AS tags,"
          + " created_at, updated_at, version";

  private final JdbcTemplate jdbc;
  private final ObjectMapper json;
  private final ProjectionCommits updates;

  RecipeQueryHandler(JdbcTemplate jdbc, ObjectMapper json, ProjectionCommits updates) {
    this.jdbc = jdbc;
    this.json = json;
    this.updates = updates;
  }

  /** Empty for unknown, deleted and foreign recipes (after waiting for {@code minVersion}). */
  @QueryHandler
  Optional<RecipeView> find(FindRecipeQuery query) {
    return ViewRow.owned(
        updates,
        () -> load(query.recipeId().value()),
        RecipeView::version,
        query.minVersion(),
        RecipeView::ownerId,
        query.requesterId());
  }

  @QueryHandler
  RecipePage list(ListRecipesQuery query) throws JsonProcessingException {
    String tags = json.writeValueAsString(query.tags());
    Long total =
        jdbc.queryForObject(
            "SELECT count(*) FROM recipe_view WHERE owner_id = ? AND NOT deleted AND tags @> ?::jsonb",
            Long.class,
            query.ownerId(),
            tags);
    List<RecipeView> page =
        jdbc.query(
            "SELECT "
                + COLUMNS
                + ", deleted FROM recipe_view"
                + " WHERE owner_id = ? AND NOT deleted AND tags @> ?::jsonb"
                + " ORDER BY updated_at DESC, recipe_id LIMIT ? OFFSET ?",
            (rs, n) -> map(rs).view(),
            query.ownerId(),
            tags,
            query.limit(),
            query.offset());
    return new RecipePage(page, total == null ? 0 : total);
  }

  private Optional<ViewRow<RecipeView>> load(UUID id) {
    return jdbc
        .query(
            "SELECT " + COLUMNS + ", deleted FROM recipe_view WHERE recipe_id = ?",
            (rs, n) -> map(rs),
            id)
        .stream()
        .findFirst();
  }

  private ViewRow<RecipeView> map(ResultSet rs) throws SQLException {
    try {
      return new ViewRow<>(
          new RecipeView(
              new RecipeId(rs.getObject("recipe_id", UUID.class)),
              rs.getString("owner_id"),
              rs.getString("name"),
              (ObjectNode) json.readTree(rs.getString("recipe_data")),
              json.readValue(rs.getString("tags"), new TypeReference<>() {}),
              rs.getTimestamp("created_at").toInstant(),
              rs.getTimestamp("updated_at").toInstant(),
              rs.getLong("version")),
          rs.getBoolean("deleted"));
    } catch (JsonProcessingException e) {
      throw new SQLException("recipe_view row is not valid JSON", e);
    }
  }
}
