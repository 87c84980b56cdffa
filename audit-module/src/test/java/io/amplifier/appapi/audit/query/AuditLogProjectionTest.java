package io.amplifier.appapi.audit.query;

import static org.assertj.core.api.Assertions.assertThat;

import io.amplifier.appapi.audit.api.AccessRefusedEvent;
import io.amplifier.appapi.audit.api.ProjectionRebuildStartedEvent;
import io.amplifier.appapi.configs.api.ConfigId;
import io.amplifier.appapi.configs.api.ConfigSecretsRevealedEvent;
import io.amplifier.appapi.configs.api.MasterKeysRotatedEvent;
import io.amplifier.appapi.sessions.api.SessionId;
import io.amplifier.appapi.sessions.api.SessionStartedEvent;
import io.amplifier.appapi.testing.ModuleDatabase;
import io.amplifier.appapi.testing.ModuleEventStore;
import io.amplifier.appapi.testing.Projector;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The {@code audit-log} projection fed from a real event store, and {@link AuditLog}'s pages of it:
 * an owner's trail with who and what changed, filters and cursors, owners learnt from an entity's
 * first event, service facts for admins only, redelivery and rebuild.
 */
class AuditLogProjectionTest {

  private final JdbcTemplate jdbc = ModuleDatabase.migrated("audit");
  private final Projector.Commits commits = new Projector.Commits();
  private final ModuleEventStore.Tail tail =
      new ModuleEventStore.Tail(new AuditLogProjection(jdbc, commits));
  private final AuditLog log = new AuditLog(jdbc, commits, new SimpleMeterRegistry());
  private final String owner = "owner-" + UUID.randomUUID();

  private static AuditFilter filter(
      @Nullable String ownerId,
      @Nullable String userId,
      @Nullable String entityId,
      @Nullable String eventType,
      @Nullable Instant from,
      boolean ascending,
      int limit) {
    return new AuditFilter(
        userId, null, null, entityId, eventType, from, null, null, ascending, limit, ownerId);
  }

  private String config() {
    ConfigId id = Events.configId();
    ModuleEventStore.append(
        id.toString(),
        "AgentConfig",
        Events.by(owner, "req-create"),
        Events.created(id, owner, "a", "sk-audit"));
    return id.toString();
  }

  private static List<Object> types(List<Map<String, Object>> page) {
    return page.stream().map(e -> e.get("event_type")).toList();
  }

  @Test
  void shouldListTheOwnersTrailNewestFirstWithWhoAndWhatChanged() {
    String id = config();
    ConfigId config = ConfigId.parse(id);
    ModuleEventStore.append(
        id,
        "AgentConfig",
        Events.by(owner, "req-rename"),
        Events.renamed(config, 2, "b", "sk-audit", List.of("name")));
    ModuleEventStore.append(
        id,
        "AgentConfig",
        Events.by(owner, "req-reveal"),
        new ConfigSecretsRevealedEvent(config, owner, 2));
    tail.catchUp();

    List<Map<String, Object>> page = log.page(filter(owner, null, id, null, null, false, 50));

    assertThat(types(page))
        .containsExactly("ConfigSecretsRevealedEvent", "ConfigUpdatedEvent", "ConfigCreatedEvent");
    Map<String, Object> reveal = page.get(0);
    assertThat(reveal.get("user_id")).isEqualTo(owner);
    assertThat(reveal.get("request_id")).isEqualTo("req-reveal");
    assertThat(reveal.get("actor")).isEqualTo("user");
    assertThat(reveal.get("entity_type")).isEqualTo("config");
    assertThat(reveal.get("sequence_number")).isEqualTo(2L);
    assertThat(page.get(1).get("changed_fields").toString()).isEqualTo("[\"name\"]");
    assertThat((Long) page.get(1).get("position")).isLessThan((Long) reveal.get("position"));
    assertThat(page.toString()).doesNotContain("sk-audit");

    List<Map<String, Object>> first = log.page(filter(owner, null, id, null, null, false, 2));
    assertThat(first).hasSize(2);
    long next = (Long) first.get(1).get("position");
    assertThat(types(log.page(filter(owner, null, id, null, null, false, 2).after(next))))
        .containsExactly("ConfigCreatedEvent");
    assertThat(types(log.page(filter(owner, null, id, null, null, true, 50))))
        .containsExactly("ConfigCreatedEvent", "ConfigUpdatedEvent", "ConfigSecretsRevealedEvent");
    assertThat(log.page(filter(null, owner, null, "ConfigUpdatedEvent", null, false, 50)))
        .hasSize(1);
    Instant future = Instant.parse("2999-01-01T00:00:00Z");
    assertThat(log.page(filter(owner, null, id, null, future, false, 50))).isEmpty();
  }

  @Test
  void shouldShowAnotherOwnerNothingOfTheEntity() {
    String id = config();
    tail.catchUp();

    String stranger = "stranger-" + UUID.randomUUID();
    assertThat(log.page(filter(stranger, null, id, null, null, false, 50))).isEmpty();
    assertThat(log.page(filter(stranger, owner, null, null, null, false, 50))).isEmpty();
    assertThat(log.page(filter(null, null, id, null, null, false, 50)))
        .as("an admin's page has no owner filter")
        .hasSize(1);
  }

  @Test
  void shouldFileARefusedReadUnderTheOwnerItLearntFromTheFirstEvent() {
    SessionId session = new SessionId(UUID.randomUUID());
    String stranger = "stranger-" + UUID.randomUUID();
    ModuleEventStore.append(
        session.toString(),
        "Session",
        Events.by(owner, "req-start"),
        new SessionStartedEvent(session, owner, config(), Map.of(), Map.of(), null, null));
    tail.catchUp();

    // A projection that has not seen the start (another node, a restart) finds it in its table.
    ModuleEventStore.Tail restarted =
        new ModuleEventStore.Tail(new AuditLogProjection(jdbc, commits)).atHead();
    ModuleEventStore.publish(
        new AccessRefusedEvent("session", session.value().toString(), stranger, "/sessions/{id}"),
        Events.by(stranger, "req-nosy"));
    assertThat(restarted.catchUp()).isEqualTo(1);

    List<Map<String, Object>> refused =
        log.page(
            filter(owner, null, session.value().toString(), "AccessRefusedEvent", null, false, 50));
    assertThat(refused).hasSize(1);
    assertThat(refused.get(0).get("entity_type")).isEqualTo("session");
    assertThat(refused.get(0).get("user_id")).isEqualTo(stranger);
    assertThat(refused.get(0).get("sequence_number")).isNull();
    assertThat(log.page(filter(stranger, null, session.value().toString(), null, null, false, 50)))
        .isEmpty();
  }

  @Test
  void shouldShowKeyRotationsAndRebuildsToAdminsOnly() {
    ModuleEventStore.publish(new MasterKeysRotatedEvent(3), Events.byAdmin());
    ModuleEventStore.publish(new ProjectionRebuildStartedEvent("recipe-view"), Events.byAdmin());
    tail.catchUp();

    List<Map<String, Object>> rotations =
        log.page(filter(null, null, null, "MasterKeysRotatedEvent", null, false, 50));
    assertThat(rotations).isNotEmpty();
    assertThat(rotations.get(0).get("actor")).isEqualTo("admin");
    assertThat(rotations.get(0).get("entity_type")).isEqualTo("keys");
    assertThat(rotations.get(0).get("user_id")).isEqualTo("#admin");
    List<Map<String, Object>> rebuilds =
        log.page(filter(null, null, "recipe-view", null, null, false, 50));
    assertThat(rebuilds).isNotEmpty();
    assertThat(rebuilds.get(0).get("entity_type")).isEqualTo("projection");
    assertThat(log.page(filter(owner, null, null, "MasterKeysRotatedEvent", null, false, 50)))
        .isEmpty();
  }

  @Test
  void shouldChangeNothingOnRedeliveryAndRebuildAnIdenticalLog() {
    for (int i = 0; i < 20; i++) {
      String id = config();
      ModuleEventStore.append(
          id,
          "AgentConfig",
          Events.by(owner, "req-" + i),
          Events.renamed(ConfigId.parse(id), 2, "r" + i, "sk-audit", List.of("name")));
      ModuleEventStore.publish(
          new AccessRefusedEvent("config", id, "nosy", "/configs/{id}"),
          Events.by("nosy", "req-nosy-" + i));
    }
    // small batches: an entity's later events land in a later unit of work than its first
    tail.catchUp(7);
    String before = hash();
    assertThat(log.page(filter(owner, null, null, "AccessRefusedEvent", null, false, 100)))
        .hasSize(20);

    new ModuleEventStore.Tail(new AuditLogProjection(jdbc, commits)).catchUp();
    assertThat(hash()).as("after redelivery").isEqualTo(before);

    assertThat(tail.replay()).isPositive();
    assertThat(hash()).as("after reset and replay").isEqualTo(before);
  }

  private String hash() {
    return jdbc.queryForObject(
        "SELECT md5(string_agg(t::text, '|' ORDER BY global_index)) FROM audit_log t",
        String.class);
  }
}
