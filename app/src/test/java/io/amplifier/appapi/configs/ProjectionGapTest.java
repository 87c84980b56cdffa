package io.amplifier.appapi.configs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.amplifier.appapi.ApiTest;
import io.amplifier.appapi.GapProbe;
import io.amplifier.appapi.Http;
import io.amplifier.appapi.configs.api.ConfigCreatedEvent;
import io.amplifier.appapi.configs.api.ConfigId;
import io.amplifier.appapi.users.api.Caller;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import javax.sql.DataSource;
import org.axonframework.messaging.MetaData;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A transaction that took an earlier global index but commits after a later one leaves a gap the
 * projection must come back for: no event skipped, none applied twice, and a gap that never fills
 * (rolled back) holds nothing up.
 */
@ApiTest
class ProjectionGapTest {

  @LocalServerPort int port;
  @Autowired DataSource dataSource;
  @Autowired JdbcTemplate jdbc;
  @Autowired GapProbe probe;

  @Autowired
  @Qualifier("eventSerializer")
  Serializer serializer;

  @Test
  void shouldApplyAnEarlierEventThatCommitsLateExactlyOnce() throws Exception {
    ConfigId held = ConfigId.random();
    String heldEventId = UUID.randomUUID().toString();
    try (Connection tx = dataSource.getConnection()) {
      tx.setAutoCommit(false);
      long heldIndex = appendCreated(tx, held, heldEventId);

      Http.Response later =
          new Http(port).post("/configs", ConfigApiTest.config("committed-first"));
      assertThat(later.status()).isEqualTo(201);
      String laterId = later.json().get("config_id").asText();
      long laterIndex = indexOf(laterId);
      assertThat(laterIndex).isGreaterThan(heldIndex);
      assertThat(rowExists(held)).isFalse();

      tx.commit();
    }

    try {
      await(() -> probe.timesSeen(heldEventId) > 0, "the late event reaches the probe");
    } catch (AssertionError timedOut) {
      throw new AssertionError(
          timedOut.getMessage()
              + "; gap-probe's tokens: "
              + jdbc.queryForList(
                  "SELECT segment, owner, convert_from(token, 'UTF8') AS token FROM tokenentry"
                      + " WHERE processorname = 'gap-probe'"),
          timedOut);
    }
    Thread.sleep(300);
    assertThat(probe.timesSeen(heldEventId)).isEqualTo(1);
    assertThat(probe.counts()).allMatch(count -> count == 1);
  }

  @Test
  void shouldNotWaitForAGapThatIsRolledBack() throws Exception {
    ConfigId abandoned = ConfigId.random();
    try (Connection tx = dataSource.getConnection()) {
      tx.setAutoCommit(false);
      appendCreated(tx, abandoned, UUID.randomUUID().toString());

      Http http = new Http(port);
      String first =
          http.post("/configs", ConfigApiTest.config("around-gap-1"))
              .json()
              .get("config_id")
              .asText();
      tx.rollback();
      String second =
          http.post("/configs", ConfigApiTest.config("around-gap-2"))
              .json()
              .get("config_id")
              .asText();

      assertThat(http.get("/configs/" + first).status()).isEqualTo(200);
      assertThat(http.get("/configs/" + second).status()).isEqualTo(200);
    }
    assertThat(rowExists(abandoned)).isFalse();
    assertThat(probe.counts()).allMatch(count -> count == 1);
  }

  private long appendCreated(Connection tx, ConfigId id, String eventId) throws Exception {
    ConfigCreatedEvent event =
        new ConfigCreatedEvent(
            id, "dev-user", "held-back", null, JsonNodeFactory.instance.objectNode(), Map.of());
    SerializedObject<byte[]> payload = serializer.serialize(event, byte[].class);
    SerializedObject<byte[]> metadata =
        serializer.serialize(
            // what every stored event carries (the actor metadata interceptors add it)
            MetaData.with(Caller.USER_ID, "dev-user")
                .and(Caller.APP_ID, "dev")
                .and(Caller.REQUEST_ID, "gap-test")
                .and(Caller.ACTOR, Caller.ACTOR_USER),
            byte[].class);
    try (PreparedStatement insert =
        tx.prepareStatement(
            "INSERT INTO domainevententry (eventidentifier, aggregateidentifier, sequencenumber,"
                + " type, timestamp, payloadtype, payloadrevision, payload, metadata)"
                + " VALUES (?, ?, 0, 'AgentConfig', ?, ?, ?, ?, ?) RETURNING globalindex")) {
      insert.setString(1, eventId);
      insert.setString(2, id.toString());
      insert.setString(3, Instant.now().toString());
      insert.setString(4, payload.getType().getName());
      insert.setString(5, payload.getType().getRevision());
      insert.setBytes(6, payload.getData());
      insert.setBytes(7, metadata.getData());
      try (ResultSet rs = insert.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  private long indexOf(String aggregateId) {
    return jdbc.queryForObject(
        "SELECT globalindex FROM domainevententry WHERE aggregateidentifier = ?",
        Long.class,
        aggregateId);
  }

  /**
   * Whether a streaming projection (the audit log) applied the config's event. The inline views
   * never see these events: they are appended straight into the store, past the event bus.
   */
  private boolean rowExists(ConfigId id) {
    return jdbc.queryForObject(
            "SELECT count(*) FROM audit_log WHERE entity_id = ?", Long.class, id.toString())
        > 0;
  }

  private static void await(BooleanSupplier condition, String what) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting until " + what);
      }
      Thread.sleep(20);
    }
  }
}
