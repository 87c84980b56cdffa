package io.amplifier.appapi.configs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.amplifier.appapi.ApiTest;
import io.amplifier.appapi.Http;
import io.amplifier.appapi.configs.api.ConfigSecretsRevealedEvent;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Issue 12, point 7, as the application wires it: {@code configs.ConfigSecretsRevealed} revision 1
 * (field {@code revision}) stored under its stable name (the application's serializer), from the
 * JSON fixture of that revision, is read in the revision-2 shape ({@code configRevision}) by the
 * application's event store, the history route and the read model. The class-name form and the
 * aggregate appending in the new shape are config-module's {@code AgentConfigEventStoreTest}.
 */
@ApiTest
class ConfigEventUpcastingTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @LocalServerPort int port;
  @Autowired JdbcTemplate jdbc;
  @Autowired EventStore eventStore;

  @Test
  void shouldReadRevisionOneFixturesInTheRevisionTwoShape() throws Exception {
    Http owner = new Http(port).with("X-User-ID", "fixture-owner");
    String id =
        owner
            .post(
                "/configs",
                Map.of("name", "upcast me", "config_data", Map.of("bundle", Map.of("name", "b"))))
            .json()
            .get("config_id")
            .asText();
    Map<String, Object> created =
        jdbc.queryForMap(
            "SELECT aggregateidentifier, type FROM domainevententry"
                + " WHERE aggregateidentifier LIKE ? AND sequencenumber = 0",
            "%" + id);
    String aggregate = (String) created.get("aggregateidentifier");
    JsonNode fixture = fixture("events/configs.ConfigSecretsRevealed-1.json", id);
    insert(
        aggregate, (String) created.get("type"), 1, fixture, fixture.get("payloadType").asText());

    List<? extends DomainEventMessage<?>> events =
        eventStore.readEvents(aggregate).asStream().toList();
    assertThat(events).hasSize(2);
    assertThat(events.get(1).getPayload())
        .isEqualTo(
            new ConfigSecretsRevealedEvent(
                io.amplifier.appapi.configs.api.ConfigId.parse(id), "fixture-owner", 1));

    JsonNode history = owner.get("/configs/" + id + "/history").json().get("events");
    assertThat(history).hasSize(2);
    assertThat(history.get(1).get("event_type").asText()).isEqualTo("ConfigSecretsRevealedEvent");
    assertThat(history.get(1).get("revision").asInt()).as("read from configRevision").isEqualTo(1);

    // The read model applied the fixtures too (nothing dead-lettered) and answers at their version.
    assertThat(owner.get("/configs/" + id).status()).isEqualTo(200);
    assertThat(
            jdbc.queryForObject(
                "SELECT count(*) FROM deadletterentry WHERE aggregateidentifier = ?",
                Long.class,
                aggregate))
        .isZero();
  }

  private void insert(
      String aggregate, String type, long sequence, JsonNode fixture, String payloadType)
      throws IOException {
    jdbc.update(
        "INSERT INTO domainevententry (aggregateidentifier, sequencenumber, type, eventidentifier,"
            + " metadata, payload, payloadrevision, payloadtype, timestamp)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        aggregate,
        sequence,
        type,
        UUID.randomUUID().toString(),
        JSON.writeValueAsBytes(fixture.get("metaData")),
        JSON.writeValueAsBytes(fixture.get("payload")),
        fixture.get("payloadRevision").asText(),
        payloadType,
        Instant.now().toString());
  }

  private static JsonNode fixture(String path, String configId) throws IOException {
    try (InputStream in =
        ConfigEventUpcastingTest.class.getClassLoader().getResourceAsStream(path)) {
      assertThat(in).as(path).isNotNull();
      String text =
          new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("${configId}", configId);
      return JSON.readTree(text);
    }
  }
}
