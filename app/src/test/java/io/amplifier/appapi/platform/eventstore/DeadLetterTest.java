package io.amplifier.appapi.platform.eventstore;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.amplifier.appapi.ApiTest;
import io.amplifier.appapi.Http;
import io.amplifier.appapi.OwnDatabase;
import io.amplifier.appapi.configs.api.ConfigCreatedEvent;
import io.amplifier.appapi.configs.api.ConfigId;
import io.amplifier.appapi.configs.api.ConfigUpdatedEvent;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.MetaData;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

/**
 * Issue 12, point 5: an event a projection cannot apply (written straight to the event store, past
 * the request checks) goes to Axon's JDBC dead-letter queue, sequenced per aggregate: the
 * aggregate's later event is parked behind it while another aggregate's events flow. Readiness is
 * down while letters wait; an operator lists them, fixes the cause and retries (or evicts), over
 * HTTP, and readiness comes back.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = "CONFIG_ENCRYPTION_KEY=" + ApiTest.MASTER_KEY)
// config-view set back to streaming: it is inline as shipped
@TestPropertySource(locations = "classpath:streaming-config-view.properties")
@DirtiesContext
class DeadLetterTest {

  /** The poisoned events stay in their store forever: keep them out of the shared one. */
  private static final OwnDatabase DATABASE = new OwnDatabase();

  @LocalServerPort int port;
  @Autowired EventStore eventStore;
  @Autowired JdbcTemplate jdbc;

  @DynamicPropertySource
  static void database(DynamicPropertyRegistry registry) {
    registry.add("DATABASE_URL", DATABASE::jdbcUrl);
  }

  @AfterAll
  static void dropDatabase() {
    DATABASE.drop();
  }

  @Test
  void shouldParkAPoisonedAggregateLetOthersFlowAndRecoverOnRetryOrEvict() throws Exception {
    Http admin = new Http(port);
    Http owner = new Http(port).with("X-User-ID", "poisoner");
    // A cause an operator can fix: the read model refuses this name until the rule is dropped.
    jdbc.execute(
        "ALTER TABLE config_view ADD CONSTRAINT dead_letter_test_rule CHECK (name <> 'blocked')");
    ConfigId blocked = ConfigId.random();
    ConfigId poisoned = ConfigId.random();
    ConfigId innocent = ConfigId.random();
    // One commit, so one batch of the projection: only the bad events may be held back.
    eventStore.publish(
        created(blocked, "blocked"),
        created(poisoned, "evil\u0000name"), // PostgreSQL refuses NUL in text (SQLState 22021)
        created(innocent, "fine name"));
    // Later events: of the blocked aggregate (parked behind its first) and of the innocent one.
    eventStore.publish(updated(blocked, "blocked, then renamed"), updated(innocent, "still fine"));

    Http.Response neighbour =
        eventually(
            () -> owner.get("/configs/" + innocent),
            r -> r.status() == 200 && r.json().get("name").asText().equals("still fine"));
    assertThat(neighbour.json().get("name").asText()).isEqualTo("still fine");
    assertThat(owner.get("/configs/" + blocked).status())
        .as("parked, not projected")
        .isEqualTo(404);
    Http.Response created =
        new Http(port)
            .with("X-User-ID", "after-" + UUID.randomUUID())
            .post(
                "/configs",
                Map.of(
                    "name",
                    "after the poison",
                    "config_data",
                    Map.of("bundle", Map.of("name", "b"))));
    assertThat(created.status()).as(created.toString()).isEqualTo(201);

    JsonNode listing = admin.get("/admin/dead-letters").json();
    JsonNode configView = listing.get("groups").get("config-view");
    assertThat(configView).as(listing.toString()).hasSize(2);
    JsonNode blockedSequence = sequence(configView, blocked.toString());
    assertThat(blockedSequence.get("count").asInt()).isEqualTo(2);
    JsonNode first = blockedSequence.get("letters").get(0);
    assertThat(first.get("event_type").asText()).isEqualTo("configs.ConfigCreated");
    assertThat(first.get("aggregate_id").asText()).isEqualTo(blocked.toString());
    assertThat(first.get("sequence_number").asLong()).isZero();
    assertThat(first.get("cause").asText()).contains("SQLState 23514").doesNotContain("blocked");
    assertThat(first.get("enqueued_at").asText()).isNotBlank();
    assertThat(blockedSequence.get("letters").get(1).get("event_type").asText())
        .isEqualTo("configs.ConfigUpdated");
    JsonNode poisonedLetter = sequence(configView, poisoned.toString()).get("letters").get(0);
    assertThat(poisonedLetter.get("cause").asText()).contains("22021").doesNotContain("evil");
    assertThat(listing.get("count").asLong()).isGreaterThanOrEqualTo(3);

    Http.Response readiness = admin.get("/actuator/health/readiness");
    assertThat(readiness.status()).as(readiness.toString()).isEqualTo(503);
    assertThat(readiness.json().get("status").asText()).isEqualTo("DOWN");
    assertThat(admin.get("/health").json().get("status").asText()).isEqualTo("degraded");

    // Bad input: unknown group or sequence is a 404 problem, never a 500.
    Http.Response unknownGroup = admin.post("/admin/dead-letters/no-such-group/x/retry", Map.of());
    assertThat(unknownGroup.status()).isEqualTo(404);
    assertThat(unknownGroup.header("Content-Type")).startsWith("application/problem+json");
    assertThat(admin.delete("/admin/dead-letters/config-view/" + UUID.randomUUID()).status())
        .isEqualTo(404);
    assertThat(
            admin
                .post("/admin/dead-letters/config-view/" + "x".repeat(300) + "/retry", Map.of())
                .status())
        .isEqualTo(404);

    // Retrying before the cause is fixed keeps the letters.
    Http.Response stillFailing =
        admin.post("/admin/dead-letters/config-view/" + blocked + "/retry", Map.of());
    assertThat(stillFailing.status()).as(stillFailing.toString()).isEqualTo(409);
    assertThat(stillFailing.header("Content-Type")).startsWith("application/problem+json");
    assertThat(
            sequence(
                    admin.get("/admin/dead-letters").json().get("groups").get("config-view"),
                    blocked.toString())
                .get("count")
                .asInt())
        .isEqualTo(2);

    jdbc.execute("ALTER TABLE config_view DROP CONSTRAINT dead_letter_test_rule");
    Http.Response retried =
        admin.post("/admin/dead-letters/config-view/" + blocked + "/retry", Map.of());
    assertThat(retried.status()).as(retried.toString()).isEqualTo(200);
    assertThat(retried.json().get("recovered").asInt()).isEqualTo(1);
    Http.Response recovered = owner.get("/configs/" + blocked);
    assertThat(recovered.status()).as(recovered.toString()).isEqualTo(200);
    assertThat(recovered.json().get("name").asText()).isEqualTo("blocked, then renamed");

    Http.Response evicted = admin.delete("/admin/dead-letters/config-view/" + poisoned);
    assertThat(evicted.status()).as(evicted.toString()).isEqualTo(200);
    assertThat(evicted.json().get("evicted").asInt()).isEqualTo(1);
    // Other read models may have refused the NUL as well: their operator evicts those too.
    JsonNode rest = admin.get("/admin/dead-letters").json();
    for (Map.Entry<String, JsonNode> group : rest.get("groups").properties()) {
      for (JsonNode s : group.getValue()) {
        assertThat(s.get("sequence_id").asText()).isEqualTo(poisoned.toString());
        assertThat(admin.delete("/admin/dead-letters/" + group.getKey() + "/" + poisoned).status())
            .isEqualTo(200);
      }
    }

    assertThat(admin.get("/admin/dead-letters").json().get("count").asLong()).isZero();

    // A rebuild replays the poisoned event again: its replay dead-letters it into a queue of its
    // own, and the switch hands that letter to the live queue instead of losing it.
    Http.Response rebuild = admin.post("/admin/projections/config-view/rebuild", null);
    assertThat(rebuild.status()).as(rebuild.toString()).isEqualTo(202);
    JsonNode state =
        eventually(
            () -> admin.get("/admin/projections/config-view").json(),
            p ->
                "live".equals(p.get("state").asText()) || "failed".equals(p.get("state").asText()));
    assertThat(state.get("state").asText()).as(state.toString()).isEqualTo("live");
    assertThat(owner.get("/configs/" + blocked).json().get("name").asText())
        .as("the rebuilt table has the recovered aggregate")
        .isEqualTo("blocked, then renamed");
    JsonNode afterRebuild = admin.get("/admin/dead-letters").json();
    JsonNode handedOver =
        sequence(afterRebuild.get("groups").get("config-view"), poisoned.toString());
    assertThat(handedOver.get("count").asInt()).isEqualTo(1);
    assertThat(handedOver.get("letters").get(0).get("cause").asText()).contains("22021");
    assertThat(afterRebuild.get("groups").has("config-view.rebuild")).isFalse();
    assertThat(admin.get("/actuator/health/readiness").status()).isEqualTo(503);
    assertThat(admin.delete("/admin/dead-letters/config-view/" + poisoned).status()).isEqualTo(200);

    Http.Response ready =
        eventually(() -> admin.get("/actuator/health/readiness"), r -> r.status() == 200);
    assertThat(ready.json().get("status").asText()).isEqualTo("UP");
    assertThat(admin.get("/health").json().get("projection_failures").asLong()).isZero();
    List<String> audited =
        eventually(
            () ->
                jdbc.queryForList(
                    "SELECT event_type FROM audit_log WHERE entity_type = 'dead-letters'",
                    String.class),
            l -> l.size() >= 3);
    assertThat(audited)
        .as("retries and evictions are audit events")
        .contains("DeadLetterRetriedEvent", "DeadLetterEvictedEvent");
  }

  private static JsonNode sequence(JsonNode sequences, String id) {
    for (JsonNode s : sequences) {
      if (s.get("sequence_id").asText().equals(id)) {
        return s;
      }
    }
    throw new AssertionError("no dead letters for " + id + " in " + sequences);
  }

  private static <T> T eventually(Supplier<T> probe, java.util.function.Predicate<T> done)
      throws InterruptedException {
    T last = probe.get();
    for (int i = 0; i < 100 && !done.test(last); i++) {
      Thread.sleep(100);
      last = probe.get();
    }
    return last;
  }

  private static GenericDomainEventMessage<ConfigCreatedEvent> created(ConfigId id, String name) {
    return new GenericDomainEventMessage<>(
        "AgentConfig",
        id.toString(),
        0,
        new ConfigCreatedEvent(id, "poisoner", name, null, data(), Map.of()),
        MetaData.with("userId", "poisoner"));
  }

  private static GenericDomainEventMessage<ConfigUpdatedEvent> updated(ConfigId id, String name) {
    return new GenericDomainEventMessage<>(
        "AgentConfig",
        id.toString(),
        1,
        new ConfigUpdatedEvent(id, 2, name, null, data(), Map.of(), List.of("name")),
        MetaData.with("userId", "poisoner"));
  }

  private static ObjectNode data() {
    ObjectNode data = JsonNodeFactory.instance.objectNode();
    data.putObject("bundle").put("name", "evil");
    return data;
  }
}
