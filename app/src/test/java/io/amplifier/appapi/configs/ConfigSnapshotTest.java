package io.amplifier.appapi.configs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.amplifier.appapi.ApiTest;
import io.amplifier.appapi.Http;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The application's wiring of config snapshots: reads with secrets over HTTP record reveal events,
 * the trigger bean and the application's snapshot serializer write a snapshot that keeps the secret
 * sealed, and the config still opens. What loads from a snapshot (revision, If-Match, secrets) is
 * config-module's {@code AgentConfigEventStoreTest}.
 */
@ApiTest
class ConfigSnapshotTest {

  private static final String SECRET = "sk-snapshot-" + UUID.randomUUID();

  @LocalServerPort int port;
  @Autowired JdbcTemplate jdbc;

  @Test
  void shouldLoadAConfigOfManyRevealsFromItsSnapshot() {
    Http http = new Http(port).with("X-User-ID", "snap-" + UUID.randomUUID());
    Map<String, Object> data =
        Map.of(
            "bundle",
            Map.of("name", "snap"),
            "providers",
            List.of(
                Map.of(
                    "module",
                    "provider-echo",
                    "config",
                    Map.of("model", "echo", "api_key", SECRET))));
    Http.Response created = http.post("/configs", Map.of("name", "snap", "config_data", data));
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    String id = created.json().get("config_id").asText();

    for (int i = 0; i < 120; i++) {
      Http.Response read = http.get("/configs/" + id + "?decrypt=true");
      assertThat(read.status()).as(read.toString()).isEqualTo(200);
    }

    List<byte[]> snapshots =
        jdbc.queryForList(
            "SELECT payload FROM snapshotevententry WHERE aggregateidentifier = ?",
            byte[].class,
            id);
    assertThat(snapshots).as("a snapshot after 100 events").isNotEmpty();
    assertThat(new String(snapshots.get(0), StandardCharsets.UTF_8)).doesNotContain(SECRET);

    Http.Response opened = http.get("/configs/" + id + "?decrypt=true");
    JsonNode provider = opened.json().get("config_data").get("providers").get(0);
    assertThat(provider.get("config").get("api_key").asText()).isEqualTo(SECRET);
  }
}
