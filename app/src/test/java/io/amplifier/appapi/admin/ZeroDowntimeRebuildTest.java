package io.amplifier.appapi.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.amplifier.appapi.ApiTest;
import io.amplifier.appapi.Http;
import io.amplifier.appapi.configs.Recipes;
import io.amplifier.appapi.sessions.Turns;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Every projection rebuilds into a shadow table after real traffic: the live table keeps answering
 * reads, authentication and read-your-writes throughout, the switched-in table holds the same
 * sorted rows as before (a row deleted from the live table behind the projection's back comes back,
 * so the replay really ran), and the progress is reported from the database.
 */
@ApiTest
class ZeroDowntimeRebuildTest {

  private static final String MARKER = "during-rebuild";
  private static final AtomicInteger RUN = new AtomicInteger();

  @LocalServerPort int port;
  @Autowired JdbcTemplate jdbc;
  @Autowired DataSource dataSource;

  @ParameterizedTest
  @ValueSource(
      strings = {
        "application-view",
        "user-view",
        "config-view",
        "recipe-view",
        "session-view",
        "audit-log",
        "quota-view",
        "usage"
      })
  void shouldRebuildEveryProjectionWithoutDowntime(String name) throws Exception {
    int run = RUN.incrementAndGet();
    Http admin = new Http(port);
    Traffic before = traffic(admin, "zdr" + run);
    awaitCaughtUp(admin, name);
    List<String> tables = ProjectionRebuilds.TABLES.get(name);
    String hash = hash(tables);
    long rows = rows(tables.get(0));
    long head = admin.get("/admin/projections").json().get("head").asLong();
    jdbc.update(
        "DELETE FROM "
            + tables.get(0)
            + " WHERE ctid = (SELECT ctid FROM "
            + tables.get(0)
            + " t WHERE t::text NOT LIKE '%"
            + MARKER
            + "%' AND t::text NOT LIKE '%zdr%' LIMIT 1)");

    Http.Response started = admin.post("/admin/projections/" + name + "/rebuild", null);

    assertThat(started.status()).as(started.toString()).isEqualTo(202);
    Http.Response again = admin.post("/admin/projections/" + name + "/rebuild", null);
    assertThat(again.status()).as("a second rebuild is refused while one runs").isEqualTo(409);
    assertThat(again.header("Content-Type")).contains("application/problem+json");
    int duringRebuild = 0;
    JsonNode status = null;
    Http writer = new Http(port).with("X-User-ID", MARKER + "-" + run);
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    for (int i = 0; ; i++) {
      status = admin.get("/admin/projections/" + name).json();
      String state = status.get("state").asText();
      if ("live".equals(state) && i > 0) {
        break;
      }
      assertThat(state).as(status.toString()).isNotEqualTo("failed");
      if (!"live".equals(state)) {
        duringRebuild++;
      }
      assertThat(System.nanoTime()).as("rebuild finishes").isLessThan(deadline);
      // reads, authentication by API key and read-your-writes keep working
      assertThat(admin.get("/applications/" + before.appId).status()).isEqualTo(200);
      assertThat(new Http(port).with("X-API-Key", before.apiKey).get("/configs").status())
          .isEqualTo(200);
      assertThat(before.owner.get("/configs/" + before.configId).status()).isEqualTo(200);
      assertThat(before.owner.get("/sessions/" + before.sessionId).status()).isEqualTo(200);
      Http.Response created = writer.post("/configs", config(MARKER + "-" + i));
      assertThat(created.status()).as(created.toString()).isEqualTo(201);
      String id = created.json().get("config_id").asText();
      assertThat(writer.get("/configs/" + id).status()).isEqualTo(200);
    }
    assertThat(duringRebuild).as("reads ran while the rebuild did").isPositive();

    JsonNode rebuild = status.get("rebuild");
    assertThat(rebuild.get("state").asText()).isEqualTo("live");
    assertThat(rebuild.get("percent").asDouble()).isEqualTo(100.0);
    assertThat(rebuild.get("position").asLong())
        .as("the shadow read up to the head")
        .isGreaterThanOrEqualTo(head);
    assertThat(rebuild.get("events").asLong()).as("the shadow applied events").isPositive();
    awaitCaughtUp(admin, name);
    assertThat(hash(tables)).isEqualTo(hash);
    assertThat(rows(tables.get(0))).as("the deleted row is back").isEqualTo(rows);
  }

  /**
   * A live batch that wrote the owners table and then waits for the audit table, which the switch
   * locked first, deadlocks with the switch; the switch gives way and tries again.
   */
  @Test
  void shouldSwitchAfterADeadlockWithALiveBatch() throws Exception {
    Http admin = new Http(port);
    traffic(admin, "zdr-deadlock");
    awaitCaughtUp(admin, "audit-log");
    String hash = hash(ProjectionRebuilds.TABLES.get("audit-log"));
    try (Connection batch = dataSource.getConnection()) {
      batch.setAutoCommit(false);
      try (Statement sql = batch.createStatement()) {
        sql.execute("LOCK TABLE audit_log_owners IN ROW EXCLUSIVE MODE");
        assertThat(admin.post("/admin/projections/audit-log/rebuild", null).status())
            .isEqualTo(202);
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!"switching"
            .equals(admin.get("/admin/projections/audit-log").json().get("state").asText())) {
          assertThat(System.nanoTime()).as("the rebuild reaches its switch").isLessThan(deadline);
          Thread.sleep(20);
        }
        Thread.sleep(200); // the switch now holds audit_log and waits for audit_log_owners
        try {
          sql.execute("LOCK TABLE audit_log IN ROW EXCLUSIVE MODE");
        } catch (SQLException deadlockVictim) {
          assertThat(deadlockVictim.getSQLState()).isIn("40P01", "55P03");
        }
      } finally {
        batch.rollback();
      }
    }
    JsonNode status = awaitLive(admin, "audit-log");
    assertThat(status.get("rebuild").get("state").asText()).as(status.toString()).isEqualTo("live");
    awaitCaughtUp(admin, "audit-log");
    assertThat(hash(ProjectionRebuilds.TABLES.get("audit-log"))).isEqualTo(hash);
  }

  private JsonNode awaitLive(Http admin, String name) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (true) {
      JsonNode status = admin.get("/admin/projections/" + name).json();
      String state = status.get("state").asText();
      if ("live".equals(state) || "failed".equals(state)) {
        return status;
      }
      assertThat(System.nanoTime()).as("rebuild finishes: " + status).isLessThan(deadline);
      Thread.sleep(50);
    }
  }

  private record Traffic(
      Http owner, String appId, String apiKey, String configId, String sessionId) {}

  private Traffic traffic(Http admin, String prefix) {
    String appId = prefix + "-app";
    Http.Response app =
        admin.post("/applications", Map.of("app_id", appId, "app_name", "App " + appId));
    assertThat(app.status()).as(app.toString()).isEqualTo(201);
    admin.put("/applications/" + appId + "/quota", Map.of("monthly_tokens", 1_000_000_000));
    admin.put("/users/" + prefix + "-budgeted/quota", Map.of("monthly_tokens", 1_000_000_000));
    Http owner = new Http(port).with("X-User-ID", prefix + "-owner");
    String configId = null;
    String sessionId = null;
    for (int i = 0; i < 5; i++) {
      Http.Response config = owner.post("/configs", config(prefix + "-" + i));
      assertThat(config.status()).as(config.toString()).isEqualTo(201);
      configId = config.json().get("config_id").asText();
      owner.put("/configs/" + configId, Map.of("name", prefix + "-" + i + "b"));
      sessionId =
          owner.post("/sessions", Map.of("config_id", configId)).json().get("session_id").asText();
      assertThat(
              owner
                  .post("/sessions/" + sessionId + "/messages", Map.of("message", "hello " + i))
                  .status())
          .isEqualTo(200);
      Map<String, Object> recipe = Recipes.oneStep(prefix + "-recipe-" + i);
      assertThat(owner.post("/api/recipes/", Map.of("recipe_data", recipe)).status())
          .isLessThan(300);
      new Http(port).with("X-User-ID", prefix + "-user-" + i).get("/configs");
    }
    return new Traffic(owner, appId, app.json().get("api_key").asText(), configId, sessionId);
  }

  private static Map<String, Object> config(String name) {
    return Map.of(
        "name",
        name,
        "config_data",
        Turns.document("r", "provider-echo", Map.of("api_key", "sk-r")));
  }

  private void awaitCaughtUp(Http admin, String name) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < deadline) {
      JsonNode status = admin.get("/admin/projections/" + name).json();
      if (status.hasNonNull("lag") && status.get("lag").asLong() == 0) {
        return;
      }
      Thread.sleep(20);
    }
    throw new AssertionError(name + " did not catch up");
  }

  private long rows(String table) {
    return jdbc.queryForObject(
        "SELECT count(*) FROM "
            + table
            + " t WHERE t::text NOT LIKE '%"
            + MARKER
            + "%' AND t::text NOT LIKE '%ProjectionRebuildStarted%'",
        Long.class);
  }

  /** Hash of every table's sorted rows, leaving out the rows written during the rebuild. */
  private String hash(List<String> tables) {
    StringBuilder all = new StringBuilder();
    for (String table : tables) {
      all.append(
          jdbc.queryForObject(
              "SELECT md5(coalesce(string_agg(x, E'\\n' ORDER BY x), '')) FROM (SELECT t::text x FROM "
                  + table
                  + " t) s WHERE x NOT LIKE '%"
                  + MARKER
                  + "%'"
                  + " AND x NOT LIKE '%ProjectionRebuildStarted%'",
              String.class));
    }
    return all.toString();
  }
}
