package io.amplifier.appapi.audit.query;

import static org.assertj.core.api.Assertions.assertThat;

import io.amplifier.appapi.configs.api.ConfigId;
import io.amplifier.appapi.configs.api.RecipeCreatedEvent;
import io.amplifier.appapi.configs.api.RecipeId;
import io.amplifier.appapi.testing.ModuleEventStore;
import io.amplifier.appapi.users.api.ApplicationKeyRegeneratedEvent;
import io.amplifier.appapi.users.api.ApplicationRegisteredEvent;
import io.amplifier.appapi.users.api.Caller;
import io.amplifier.appapi.users.api.UserId;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * An entity's history read straight from a real event store: oldest first, who and which request,
 * old and new values with secrets only as changed, pages by sequence, and to anyone but the owner
 * (applications: anyone but an admin) no entity at all.
 */
class EntityHistoryTest {

  private final EntityHistory history = new EntityHistory(ModuleEventStore.eventStore());
  private final String owner = "owner-" + UUID.randomUUID();
  private final Caller ownerCaller = new Caller(new UserId(owner), "app", false);
  private final Caller stranger =
      new Caller(new UserId("stranger-" + UUID.randomUUID()), "app", false);
  private final Caller admin = new Caller(new UserId(Caller.ADMIN_PRINCIPAL), "admin-app", true);

  private ConfigId config(int renames) {
    ConfigId id = Events.configId();
    ModuleEventStore.append(
        id.toString(),
        "AgentConfig",
        Events.by(owner, "req-create"),
        Events.created(id, owner, "h", "sk-one"));
    for (int i = 0; i < renames; i++) {
      ModuleEventStore.append(
          id.toString(),
          "AgentConfig",
          Events.by(owner, "req-change-" + i),
          Events.renamed(id, i + 2, "h" + i, "sk-two-" + i, List.of("name", "config_data")));
    }
    return id;
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> events(Map<String, Object> page) {
    return (List<Map<String, Object>>) page.get("events");
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> change(Map<String, Object> event, String field) {
    return ((List<Map<String, Object>>) event.get("changes"))
        .stream()
            .filter(c -> c.get("field").equals(field))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no change of " + field + " in " + event));
  }

  @Test
  void shouldShowOldAndNewValuesAndSecretsOnlyAsChanged() {
    String id = config(1).toString();

    Map<String, Object> page =
        history.page(EntityKind.CONFIG, id, ownerCaller, -1, 100).orElseThrow();

    assertThat(page.get("config_id")).isEqualTo(id);
    List<Map<String, Object>> events = events(page);
    assertThat(events).hasSize(2);
    Map<String, Object> update = events.get(1);
    assertThat(update.get("event_type")).isEqualTo("ConfigUpdatedEvent");
    assertThat(update.get("actor")).isEqualTo("user");
    assertThat(update.get("user_id")).isEqualTo(owner);
    assertThat(update.get("request_id")).isEqualTo("req-change-0");
    assertThat(update.get("revision")).isEqualTo(2);
    assertThat(events.get(0).get("revision")).isEqualTo(1);
    Map<String, Object> name = change(update, "name");
    assertThat(name.get("old").toString()).isEqualTo("\"h\"");
    assertThat(name.get("new").toString()).isEqualTo("\"h0\"");
    Map<String, Object> key = change(update, "config_data.providers[0].config.api_key");
    assertThat(key).containsEntry("changed", true).doesNotContainKeys("old", "new");
    assertThat(page.toString()).doesNotContain("sk-one", "sk-two");
  }

  @Test
  void shouldPageWithAfterAndLimit() {
    String id = config(4).toString();

    Map<String, Object> first =
        history.page(EntityKind.CONFIG, id, ownerCaller, -1, 2).orElseThrow();
    Map<String, Object> second =
        history.page(EntityKind.CONFIG, id, ownerCaller, 1, 2).orElseThrow();
    Map<String, Object> last = history.page(EntityKind.CONFIG, id, ownerCaller, 3, 2).orElseThrow();

    assertThat(events(first)).extracting(e -> e.get("sequence_number")).containsExactly(0L, 1L);
    assertThat(first.get("next_after")).isEqualTo(1L);
    assertThat(first.get("total")).isEqualTo(5L);
    assertThat(events(second)).extracting(e -> e.get("sequence_number")).containsExactly(2L, 3L);
    assertThat(events(last)).extracting(e -> e.get("sequence_number")).containsExactly(4L);
    assertThat(last.get("next_after")).isNull();
    assertThat(last.get("total")).isEqualTo(5L);
  }

  @Test
  void shouldTellAnEntityToItsOwnerOnly() {
    String id = config(0).toString();
    RecipeId recipe = new RecipeId(UUID.randomUUID());
    ModuleEventStore.append(
        recipe.toString(),
        "Recipe",
        Events.by(owner, "req-recipe"),
        new RecipeCreatedEvent(recipe, owner, "r", Events.data("k"), Map.of("team", "x")));

    assertThat(history.page(EntityKind.CONFIG, id, stranger, -1, 100)).isEmpty();
    assertThat(history.hiddenFrom(EntityKind.CONFIG, id, stranger)).isTrue();
    assertThat(history.hiddenFrom(EntityKind.CONFIG, id, ownerCaller)).isFalse();
    assertThat(history.page(EntityKind.RECIPE, recipe.value().toString(), ownerCaller, -1, 100))
        .hasValueSatisfying(
            page ->
                assertThat(events(page))
                    .extracting(e -> e.get("event_type"))
                    .containsExactly("RecipeCreatedEvent"));
    assertThat(history.page(EntityKind.RECIPE, recipe.value().toString(), stranger, -1, 100))
        .isEmpty();
    String unknown = UUID.randomUUID().toString();
    assertThat(history.page(EntityKind.CONFIG, unknown, ownerCaller, -1, 100)).isEmpty();
    assertThat(history.hiddenFrom(EntityKind.CONFIG, unknown, stranger))
        .as("a missing entity is not a refused read")
        .isFalse();
    assertThat(history.page(EntityKind.SESSION, "nonsense", ownerCaller, -1, 100)).isEmpty();
  }

  @Test
  void shouldTellAnApplicationsHistoryToAdminsOnly() {
    String app = "hist-" + UUID.randomUUID().toString().substring(0, 8);
    ModuleEventStore.append(
        "application:" + app,
        "Application",
        Events.byAdmin(),
        new ApplicationRegisteredEvent(
            app, "A", "amp_1", "$2a$10$one", false, Map.of(), null, null),
        new ApplicationKeyRegeneratedEvent(app, "amp_2", "$2a$10$two"));

    Map<String, Object> page =
        history.page(EntityKind.APPLICATION, app, admin, -1, 100).orElseThrow();

    List<Map<String, Object>> events = events(page);
    assertThat(events)
        .extracting(e -> e.get("event_type"))
        .containsExactly("ApplicationRegisteredEvent", "ApplicationKeyRegeneratedEvent");
    assertThat(events.get(0).get("actor")).isEqualTo("admin");
    assertThat(change(events.get(1), "key_hash")).containsEntry("changed", true);
    assertThat(page.toString()).doesNotContain("$2a$");
    assertThat(history.page(EntityKind.APPLICATION, app, ownerCaller, -1, 100)).isEmpty();
    assertThat(history.hiddenFrom(EntityKind.APPLICATION, app, ownerCaller)).isTrue();
  }
}
