package io.amplifier.appapi.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.amplifier.appapi.ApiTest;
import io.amplifier.appapi.Http;
import io.amplifier.appapi.sessions.Turns;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/** Rebuilding audit-log from the event store reproduces every row it had, byte for byte. */
@ApiTest
class AuditLogRebuildTest {

  @LocalServerPort int port;
  @Autowired JdbcTemplate jdbc;

  @Test
  void shouldRebuildAnIdenticalAuditLog() throws Exception {
    Http owner = new Http(port).with("X-User-ID", "rebuilt-owner");
    Map<String, Object> data = Turns.document("r", "provider-echo", Map.of("api_key", "sk-r"));
    for (int i = 0; i < 20; i++) {
      String id =
          owner
              .post("/configs", Map.of("name", "r" + i, "config_data", data))
              .json()
              .get("config_id")
              .asText();
      owner.put("/configs/" + id, Map.of("name", "r" + i + "b"));
      new Http(port).with("X-User-ID", "nosy").get("/configs/" + id);
    }
    Http admin = new Http(port);
    long last = admin.get("/audit?limit=1").json().get("entries").get(0).get("position").asLong();
    String before = hash(last);

    assertThat(admin.post("/admin/projections/audit-log/rebuild", null).status()).isEqualTo(202);
    awaitRebuilt(admin);

    assertThat(hash(last)).isEqualTo(before);
    assertThat(
            admin
                .get("/audit?event_type=ProjectionRebuildStartedEvent&entity_id=audit-log")
                .json()
                .get("entries"))
        .isNotEmpty();
  }

  private String hash(long upTo) {
    return jdbc.queryForObject(
        "SELECT md5(string_agg(t::text, '|' ORDER BY global_index)) FROM audit_log t"
            + " WHERE global_index <= ?",
        String.class,
        upTo);
  }

  private void awaitRebuilt(Http http) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    JsonNode status = null;
    while (System.nanoTime() < deadline) {
      Thread.sleep(100);
      status = http.get("/admin/projections/audit-log").json();
      if (!status.get("rebuild_running").asBoolean()
          && status.hasNonNull("lag")
          && status.get("lag").asLong() == 0) {
        return;
      }
    }
    throw new AssertionError("rebuild did not finish: " + status);
  }
}
