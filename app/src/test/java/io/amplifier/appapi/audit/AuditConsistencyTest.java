package io.amplifier.appapi.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.amplifier.appapi.ApiTest;
import io.amplifier.appapi.Http;
import io.amplifier.appapi.configs.ConfigApiTest;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Issue 22 point 7: a read of the audit log waits for the caller's own write (the consistency token
 * a write answers, sent back, or the caller's last write on this node), never for other callers'
 * events, and not at all when it has none.
 */
@ApiTest
class AuditConsistencyTest {

  @LocalServerPort int port;
  @Autowired MeterRegistry meters;

  double waits(String outcome) {
    return meters.get("amplifier.audit.read.waits").tag("outcome", outcome).counter().count();
  }

  @Test
  void shouldSeeItsOwnWriteAtOnceByItsTokenAndWaitForNobodyElse() {
    Http writer = new Http(port).with("X-User-ID", "token-writer-" + UUID.randomUUID());
    Http.Response created = writer.post("/configs", ConfigApiTest.config("tokened"));
    assertThat(created.status()).isEqualTo(201);
    String token = created.header("X-Consistency-Token");
    String id = created.json().get("config_id").asText();
    assertThat(token).matches("[0-9a-f-]{36}");

    double caughtUp = waits("caught_up");
    JsonNode entries =
        new Http(port) // dev mode's admin: reads everyone's entries
            .get("/audit?entity_id=" + id + "&consistency_token=" + token)
            .json()
            .get("entries");
    assertThat(entries).hasSize(1);
    assertThat(entries.get(0).get("event_type").asText()).isEqualTo("ConfigCreatedEvent");
    assertThat(waits("caught_up")).isEqualTo(caughtUp + 1);

    Http.Response updated = writer.put("/configs/" + id, java.util.Map.of("name", "renamed"));
    assertThat(updated.header("X-Consistency-Token")).isNotBlank().isNotEqualTo(token);
    JsonNode own = writer.get("/audit?entity_id=" + id).json().get("entries");
    assertThat(own).as("the caller's own last write, without a token").hasSize(2);

    // another caller, who wrote nothing (its first sighting is no write of its own), waits for
    // nothing: not for the writer's events, not into the bound
    double none = waits("none");
    double bounded = waits("bounded");
    Http stranger = new Http(port).with("X-User-ID", "token-stranger-" + UUID.randomUUID());
    assertThat(stranger.get("/audit").status()).isEqualTo(200);
    assertThat(waits("none")).isEqualTo(none + 1);
    assertThat(waits("bounded")).isEqualTo(bounded);
  }

  @Test
  void shouldRefuseATokenNoWriteAnsweredNamingIt() {
    Http.Response refused = new Http(port).get("/audit?consistency_token=" + "a".repeat(65));
    ConfigApiTest.assertProblem(refused, 422, "/problems/validation-error");
    assertThat(refused.json().get("errors").get(0).get("field").asText())
        .isEqualTo("consistency_token");
  }
}
