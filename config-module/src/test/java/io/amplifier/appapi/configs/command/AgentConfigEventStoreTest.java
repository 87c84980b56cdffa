package io.amplifier.appapi.configs.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.amplifier.appapi.configs.api.ConfigId;
import io.amplifier.appapi.configs.api.ConfigSecretsRevealedEvent;
import io.amplifier.appapi.configs.api.ConfigView;
import io.amplifier.appapi.configs.api.CreateConfigCommand;
import io.amplifier.appapi.configs.api.DeleteConfigCommand;
import io.amplifier.appapi.configs.api.RevealConfigSecretsCommand;
import io.amplifier.appapi.configs.api.UpdateConfigCommand;
import io.amplifier.appapi.configs.secrets.ConfigSecrets;
import io.amplifier.appapi.configs.secrets.DataKeyShredder;
import io.amplifier.appapi.configs.secrets.TestSecrets;
import io.amplifier.appapi.testing.ModuleDatabase;
import io.amplifier.appapi.testing.ModuleEventStore;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.AggregateConfigurer;
import org.axonframework.config.Configuration;
import org.axonframework.config.DefaultConfigurer;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * {@link AgentConfig} on Axon's own configuration over a real JDBC event store and the real
 * sealing: snapshots every 100 events that keep secrets sealed and load the same config, a delete
 * that shreds the config's data key, and revision-1 reveal events (JSON fixture) read in the
 * revision-2 shape by the aggregate.
 */
class AgentConfigEventStoreTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String SECRET = "sk-module-" + UUID.randomUUID();

  private final JdbcTemplate jdbc = ModuleDatabase.migrated("configs");
  private final TestSecrets sealing = TestSecrets.on(jdbc, "module-test-master-key");
  private final EventStore events =
      ModuleEventStore.withUpcasters(new ConfigSecretsRevealedUpcaster());
  private final Configuration axon =
      DefaultConfigurer.defaultConfiguration()
          .configureEventStore(c -> events)
          .registerComponent(ConfigSecrets.class, c -> sealing.secrets())
          .registerComponent(DataKeyShredder.class, c -> sealing.shredder())
          .registerComponent(ConfigRules.class, c -> new ConfigRules(List.of()))
          .configureAggregate(
              AggregateConfigurer.defaultConfiguration(AgentConfig.class)
                  .configureSnapshotTrigger(
                      c -> new ConfigSnapshots().agentConfigSnapshotTrigger(c.snapshotter())))
          .start();
  private final CommandGateway commands = axon.commandGateway();
  private final String owner = "owner-" + UUID.randomUUID();

  @AfterEach
  void stop() {
    axon.shutdown();
  }

  private ConfigId create() {
    ConfigId id = new ConfigId(UUID.randomUUID());
    ObjectNode data =
        JSON.valueToTree(
            Map.of(
                "bundle",
                Map.of("name", "snap"),
                "providers",
                List.of(
                    Map.of(
                        "module",
                        "provider-echo",
                        "config",
                        Map.of("model", "echo", "api_key", SECRET)))));
    commands.sendAndWait(new CreateConfigCommand(id, owner, "snap", null, data, Map.of()));
    return id;
  }

  private UpdateConfigCommand rename(ConfigId id, String name, Integer expectedRevision) {
    return new UpdateConfigCommand(id, owner, name, null, null, Map.of(), null, expectedRevision);
  }

  private String apiKey(ConfigId id, ConfigView view) {
    JsonNode opened = sealing.secrets().open(id, view.configData());
    return opened.get("providers").get(0).get("config").get("api_key").asText();
  }

  @Test
  void shouldLoadAConfigOfManyRevealsFromItsSnapshot() {
    ConfigId id = create();
    for (int i = 0; i < 120; i++) {
      commands.sendAndWait(new RevealConfigSecretsCommand(id, owner));
    }

    List<byte[]> snapshots =
        jdbc.queryForList(
            "SELECT payload FROM snapshotevententry WHERE aggregateidentifier = ?",
            byte[].class,
            id.toString());
    assertThat(snapshots).as("a snapshot after 100 events").isNotEmpty();
    assertThat(new String(snapshots.get(0), StandardCharsets.UTF_8))
        .contains("enc:")
        .doesNotContain(SECRET);

    assertThatThrownBy(() -> commands.sendAndWait(rename(id, "stale", 0)))
        .hasStackTraceContaining("Config has changed since revision 0 (now 1)");
    ConfigView renamed = commands.sendAndWait(rename(id, "renamed", 1));
    assertThat(renamed.name()).isEqualTo("renamed");
    assertThat(renamed.revision()).isEqualTo(2);
    assertThat(renamed.version()).as("the rename is event 121").isEqualTo(121);
    assertThat(apiKey(id, renamed)).isEqualTo(SECRET);
  }

  @Test
  void shouldShredTheDataKeyWhenTheConfigIsDeleted() {
    ConfigId id = create();
    ConfigView view = commands.sendAndWait(rename(id, "kept", null));

    commands.sendAndWait(new DeleteConfigCommand(id, owner));

    assertThat(
            jdbc.queryForObject(
                "SELECT wrapped_key IS NULL AND destroyed_at IS NOT NULL FROM config_data_keys"
                    + " WHERE config_id = ?",
                Boolean.class,
                id.value()))
        .isTrue();
    assertThat(apiKey(id, view)).as("left sealed").startsWith("enc:").isNotEqualTo(SECRET);
  }

  @Test
  void shouldReadRevisionOneRevealsInTheRevisionTwoShape() throws IOException {
    ConfigId id = create();
    JsonNode fixture = fixture("events/configs.ConfigSecretsRevealed-1.json", id.toString());
    // stored under the Java class name, as before stable names (app's EventTypeNames)
    jdbc.update(
        "INSERT INTO domainevententry (aggregateidentifier, sequencenumber, type, eventidentifier,"
            + " metadata, payload, payloadrevision, payloadtype, timestamp)"
            + " VALUES (?, 1, 'AgentConfig', ?, ?, ?, ?, ?, ?)",
        id.toString(),
        UUID.randomUUID().toString(),
        JSON.writeValueAsBytes(fixture.get("metaData")),
        JSON.writeValueAsBytes(fixture.get("payload")),
        fixture.get("payloadRevision").asText(),
        ConfigSecretsRevealedEvent.class.getName(),
        Instant.now().toString());

    List<? extends DomainEventMessage<?>> read =
        events.readEvents(id.toString()).asStream().toList();
    assertThat(read).hasSize(2);
    assertThat(read.get(1).getPayload())
        .isEqualTo(new ConfigSecretsRevealedEvent(id, "fixture-owner", 1));

    // the aggregate loads the upcast event (its version is its sequence) and appends after it
    commands.sendAndWait(new RevealConfigSecretsCommand(id, owner));
    Map<String, Object> written =
        jdbc.queryForMap(
            "SELECT sequencenumber, payloadrevision, convert_from(payload, 'UTF8') AS json"
                + " FROM domainevententry WHERE aggregateidentifier = ?"
                + " ORDER BY sequencenumber DESC LIMIT 1",
            id.toString());
    assertThat(((Number) written.get("sequencenumber")).longValue()).isEqualTo(2);
    assertThat(written.get("payloadrevision")).isEqualTo("2");
    JsonNode payload = JSON.readTree((String) written.get("json"));
    assertThat(payload.has("configRevision")).as(payload.toString()).isTrue();
    assertThat(payload.has("revision")).isFalse();
  }

  private static JsonNode fixture(String path, String configId) throws IOException {
    try (InputStream in =
        AgentConfigEventStoreTest.class.getClassLoader().getResourceAsStream(path)) {
      assertThat(in).as(path).isNotNull();
      String text =
          new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("${configId}", configId);
      return JSON.readTree(text);
    }
  }
}
