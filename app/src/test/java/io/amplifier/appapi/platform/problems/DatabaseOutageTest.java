package io.amplifier.appapi.platform.problems;

import static io.amplifier.appapi.configs.ConfigApiTest.assertProblem;
import static io.amplifier.appapi.platform.web.ResourceLimitsTest.config;
import static org.assertj.core.api.Assertions.assertThat;

import io.amplifier.appapi.ApiTest;
import io.amplifier.appapi.Http;
import io.amplifier.appapi.OwnDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Issue 9, point 13: while PostgreSQL refuses connections, requests get a 503 problem with
 * Retry-After (not a 500), and /health says degraded within a second although the pool waits its
 * default 5 s for a connection. A database of its own, so the outage touches no other test.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = "CONFIG_ENCRYPTION_KEY=" + ApiTest.MASTER_KEY)
@DirtiesContext
class DatabaseOutageTest {

  private static final OwnDatabase DATABASE = new OwnDatabase();
  private static final String NAME = DATABASE.name();

  @LocalServerPort int port;

  @DynamicPropertySource
  static void database(DynamicPropertyRegistry registry) {
    registry.add("DATABASE_URL", DATABASE::jdbcUrl);
  }

  @AfterAll
  static void dropDatabase() {
    DATABASE.drop();
  }

  @Test
  void shouldAnswer503WithRetryAfterAndDegradedHealthWhileTheDatabaseIsDown() throws Exception {
    Http http = new Http(port).with("X-User-ID", "outage-user");
    assertThat(http.post("/configs", config("before")).status()).isEqualTo(201);
    assertThat(http.get("/health").json().get("status").asText()).isEqualTo("healthy");
    assertThat(http.get("/actuator/health/readiness").status()).isEqualTo(200);
    String databaseVersion = http.get("/version").json().get("database_version").asText();
    assertThat(databaseVersion).contains("PostgreSQL");

    admin("ALTER DATABASE " + NAME + " WITH ALLOW_CONNECTIONS false");
    admin("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + NAME + "'");
    try {
      Http.Response write = http.post("/configs", config("during"));
      Http.Response read = http.get("/configs");

      assertProblem(write, 503, "/problems/service-unavailable");
      assertThat(write.header("Retry-After")).isNotBlank();
      assertProblem(read, 503, "/problems/service-unavailable");
      assertThat(read.header("Retry-After")).isNotBlank();

      long started = System.nanoTime();
      Http.Response health = http.get("/health");
      long millis = (System.nanoTime() - started) / 1_000_000;
      assertThat(health.status()).isEqualTo(200);
      assertThat(health.json().get("status").asText()).isEqualTo("degraded");
      assertThat(health.json().get("database_connected").asBoolean()).isFalse();
      assertThat(millis).as("health answered within a second").isLessThan(1_500);

      // issue 21 point 11: /version opens no connection per call; it answers the version it read
      Http.Response version = http.get("/version");
      assertThat(version.status()).isEqualTo(200);
      assertThat(version.json().get("database_version").asText()).isEqualTo(databaseVersion);

      Http.Response readiness = http.get("/actuator/health/readiness");
      assertThat(readiness.status()).as(readiness.toString()).isEqualTo(503);
      assertThat(readiness.json().get("status").asText()).isEqualTo("DOWN");
      assertThat(http.get("/actuator/health/liveness").status())
          .as("alive, only not ready")
          .isEqualTo(200);
    } finally {
      admin("ALTER DATABASE " + NAME + " WITH ALLOW_CONNECTIONS true");
    }
    Http.Response ready = null;
    for (int i = 0; i < 50 && (ready == null || ready.status() != 200); i++) {
      Thread.sleep(100);
      ready = http.get("/actuator/health/readiness");
    }
    assertThat(ready.status()).as("ready again once the database answers: " + ready).isEqualTo(200);
  }

  private static void admin(String sql) {
    OwnDatabase.admin(sql);
  }
}
