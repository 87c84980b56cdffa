package io.amplifier.appapi.platform;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.amplifier.appapi.ApiTest;
import io.amplifier.appapi.Http;
import io.amplifier.appapi.configs.api.ConfigCreatedEvent;
import io.amplifier.appapi.configs.api.ConfigId;
import java.util.Map;
import java.util.UUID;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.MetaData;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Issue 9, point 14, second line of defence: an event PostgreSQL cannot store in a read model
 * (written straight to the event store, past the request checks) is recorded and skipped; it
 * does not stop the projection for everyone, and health says degraded until an operator clears it.
 */
@ApiTest
class PoisonedEventTest {

  @LocalServerPort int port;
  @Autowired EventStore eventStore;

  @Test
  void shouldSkipAnEventTheProjectionCannotApplyAndKeepServing() {
    Http admin = new Http(port);
    Http user = new Http(port).with("X-User-ID", "poisoner-" + UUID.randomUUID());
    ConfigId poisoned = ConfigId.random();
    ObjectNode data = JsonNodeFactory.instance.objectNode();
    data.putObject("bundle").put("name", "evil");
    GenericDomainEventMessage<ConfigCreatedEvent> event =
        new GenericDomainEventMessage<>(
            "AgentConfig",
            poisoned.toString(),
            0,
            new ConfigCreatedEvent(poisoned, "poisoner", "evil\u0000name", null, data, Map.of()),
            MetaData.with("userId", "poisoner"));

    eventStore.publish(event);

    // Later writes still pass through the projection (today: 503 after 5 s, for every user).
    Http.Response created =
        user.post(
            "/configs",
            Map.of("name", "after the poison", "config_data", Map.of("bundle", Map.of("name", "b"))));
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    JsonNode configView = projection(admin, "config-view");
    assertThat(configView.get("failed_events").asLong()).isEqualTo(1);
    JsonNode failure = configView.get("failures").get(0);
    assertThat(failure.get("event_id").asText()).isEqualTo(event.getIdentifier());
    assertThat(failure.get("aggregate_id").asText()).isEqualTo(poisoned.toString());
    assertThat(failure.get("event_type").asText()).isEqualTo("ConfigCreatedEvent");
    assertThat(failure.get("error").asText()).doesNotContain("evil");
    JsonNode health = admin.get("/health").json();
    assertThat(health.get("status").asText()).isEqualTo("degraded");
    assertThat(health.get("projection_failures").asLong()).isEqualTo(1);

    Http.Response cleared = admin.delete("/admin/projections/config-view/failures");

    assertThat(cleared.json().get("cleared").asInt()).isEqualTo(1);
    assertThat(projection(admin, "config-view").get("failed_events").asLong()).isZero();
    assertThat(user.post(
            "/configs",
            Map.of("name", "still fine", "config_data", Map.of("bundle", Map.of("name", "c"))))
        .status()).isEqualTo(201);
  }

  private static JsonNode projection(Http admin, String name) {
    for (JsonNode p : admin.get("/admin/projections").json().get("projections")) {
      if (p.get("name").asText().equals(name)) {
        return p;
      }
    }
    throw new AssertionError("no projection " + name);
  }
}
