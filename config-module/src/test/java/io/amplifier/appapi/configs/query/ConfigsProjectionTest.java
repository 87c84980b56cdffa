package io.amplifier.appapi.configs.query;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.amplifier.appapi.configs.api.ConfigCreatedEvent;
import io.amplifier.appapi.configs.api.ConfigDeletedEvent;
import io.amplifier.appapi.configs.api.ConfigId;
import io.amplifier.appapi.configs.api.ConfigSummary;
import io.amplifier.appapi.configs.api.ConfigUpdatedEvent;
import io.amplifier.appapi.configs.api.ConfigView;
import io.amplifier.appapi.configs.api.FindConfigQuery;
import io.amplifier.appapi.configs.api.FindRecipeQuery;
import io.amplifier.appapi.configs.api.ListConfigsQuery;
import io.amplifier.appapi.configs.api.ListRecipesQuery;
import io.amplifier.appapi.configs.api.RecipeCreatedEvent;
import io.amplifier.appapi.configs.api.RecipeDeletedEvent;
import io.amplifier.appapi.configs.api.RecipeId;
import io.amplifier.appapi.configs.api.RecipeUpdatedEvent;
import io.amplifier.appapi.configs.api.RecipeView;
import io.amplifier.appapi.testing.ModuleDatabase;
import io.amplifier.appapi.testing.Projector;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The config-view and recipe-view projections against the real PostgreSQL: events in, the query
 * handlers' answers out (ownership, tag filters, deletion); redelivery changes nothing and a replay
 * after reset rebuilds the same rows.
 */
class ConfigsProjectionTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final JdbcTemplate jdbc = ModuleDatabase.migrated("configs");
  private final Projector.Commits commits = new Projector.Commits();
  private final String owner = "owner-" + UUID.randomUUID();

  @Test
  void shouldProjectConfigsForTheirOwnerAndRebuildThemIdentically() {
    ConfigId kept = new ConfigId(UUID.randomUUID());
    ConfigId deleted = new ConfigId(UUID.randomUUID());
    ObjectNode data = JSON.createObjectNode().put("bundle", "b");
    Projector projector = new Projector(new ConfigViewProjection(jdbc, JSON, commits));
    ConfigQueryHandler queries =
        new ConfigQueryHandler(
            jdbc,
            JSON,
            commits,
            EmbeddedEventStore.builder().storageEngine(new InMemoryEventStorageEngine()).build());

    projector
        .apply(
            kept.toString(),
            new ConfigCreatedEvent(kept, owner, "first", null, data, Map.of("env", "dev")))
        .apply(
            kept.toString(),
            new ConfigUpdatedEvent(
                kept, 2, "renamed", "now described", data, Map.of("env", "prod"), List.of("name")))
        .apply(
            deleted.toString(),
            new ConfigCreatedEvent(deleted, owner, "gone", null, data, Map.of("env", "prod")))
        .apply(deleted.toString(), new ConfigDeletedEvent(deleted));

    ConfigView view = queries.find(new FindConfigQuery(kept, owner, 1)).orElseThrow();
    assertThat(view.name()).isEqualTo("renamed");
    assertThat(view.description()).isEqualTo("now described");
    assertThat(view.tags()).containsExactly(Map.entry("env", "prod"));
    assertThat(queries.find(new FindConfigQuery(kept, "someone-else", 1))).isEmpty();
    assertThat(queries.find(new FindConfigQuery(deleted, owner, 1))).isEmpty();
    assertThat(listed(queries, Map.of("env", "prod"))).containsExactly("renamed");
    assertThat(listed(queries, Map.of("env", "dev"))).isEmpty();

    projector.assertIdempotentAndReplayable(() -> rows("config_view", "config_id"));
  }

  @Test
  void shouldProjectRecipesForTheirOwnerAndRebuildThemIdentically() throws Exception {
    RecipeId kept = new RecipeId(UUID.randomUUID());
    RecipeId deleted = new RecipeId(UUID.randomUUID());
    ObjectNode data = JSON.createObjectNode().put("name", "deploy");
    Projector projector = new Projector(new RecipeViewProjection(jdbc, JSON, commits));
    RecipeQueryHandler queries = new RecipeQueryHandler(jdbc, JSON, commits);

    projector
        .apply(
            kept.toString(),
            new RecipeCreatedEvent(kept, owner, "deploy", data, Map.of("team", "a")))
        .apply(kept.toString(), new RecipeUpdatedEvent(kept, "ship", data, Map.of("team", "b")))
        .apply(deleted.toString(), new RecipeCreatedEvent(deleted, owner, "old", data, Map.of()))
        .apply(deleted.toString(), new RecipeDeletedEvent(deleted));

    RecipeView view = queries.find(new FindRecipeQuery(kept, owner, 1)).orElseThrow();
    assertThat(view.name()).isEqualTo("ship");
    assertThat(view.version()).isEqualTo(1);
    assertThat(queries.find(new FindRecipeQuery(kept, "someone-else", 1))).isEmpty();
    assertThat(queries.find(new FindRecipeQuery(deleted, owner, 1))).isEmpty();
    assertThat(queries.list(new ListRecipesQuery(owner, 10, 0, Map.of("team", "b"))).recipes())
        .extracting(RecipeView::name)
        .containsExactly("ship");

    projector.assertIdempotentAndReplayable(() -> rows("recipe_view", "recipe_id"));
  }

  private List<String> listed(ConfigQueryHandler queries, Map<String, String> tags) {
    try {
      return queries.list(new ListConfigsQuery(owner, 10, 0, tags)).configs().stream()
          .map(ConfigSummary::name)
          .toList();
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private List<Map<String, Object>> rows(String table, String key) {
    return jdbc.queryForList("SELECT * FROM " + table + " ORDER BY " + key);
  }
}
