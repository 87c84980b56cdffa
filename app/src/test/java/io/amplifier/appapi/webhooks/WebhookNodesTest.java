package io.amplifier.appapi.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.kagkarlsson.scheduler.Scheduler;
import io.amplifier.appapi.ApiTest;
import io.amplifier.appapi.Http;
import io.amplifier.appapi.TestDatabase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;

/**
 * A node killed ({@code kill -9}) in the middle of a delivery: node A (a separate service process
 * on this JVM's database) is sending an event to the receiver, which holds the request; A is
 * killed; node B (this test's application context), whose job scheduler was paused until then,
 * finds A's job without a heartbeat, runs it again and delivers the same event with the same {@code
 * webhook-id}, signed, and records one attempt, its own.
 */
@ApiTest
// its job scheduler polls fast and may send to loopback: closed after this class, so that it does
// not deliver other test classes' events from the cache of contexts
@DirtiesContext
@TestPropertySource(
    properties = {
      "PROVIDER_ALLOWED_HOSTS=127.0.0.1",
      "JOB_HEARTBEAT_INTERVAL=1s",
      "JOB_MISSED_HEARTBEATS=4",
      "JOB_POLLING_INTERVAL=300ms"
    })
class WebhookNodesTest {

  @TempDir static Path dir;
  static Process nodeA;
  static Path logA;

  @Autowired Scheduler scheduler;
  @LocalServerPort int port;
  @Autowired JdbcTemplate jdbc;

  @AfterAll
  static void stopNodeA() throws InterruptedException {
    if (nodeA != null) {
      nodeA.destroyForcibly();
      nodeA.waitFor(20, TimeUnit.SECONDS);
    }
  }

  @Test
  void shouldDeliverOnNodeBWhatNodeAWasDeliveringWhenKilled() throws Exception {
    int portA = startNodeA();
    deliverOnceAcrossTwoNodes(portA);
    scheduler.pause();
    try (Receiver receiver = new Receiver()) {
      Http onA = new Http(portA).with("X-User-ID", "killed-node-" + UUID.randomUUID());
      Http.Response created =
          onA.post("/webhooks", Map.of("url", receiver.url(), "events", List.of("config.created")));
      assertThat(created.status()).as(created.toString()).isEqualTo(201);
      String secret = created.json().get("secret").asText();
      String webhook = created.json().get("webhook_id").asText();

      CountDownLatch held = new CountDownLatch(1);
      receiver.hold.set(held);
      Http.Response config =
          onA.post(
              "/configs",
              Map.of("name", "kill-me", "config_data", Map.of("bundle", Map.of("name", "b"))));
      assertThat(config.status()).isEqualTo(201);
      Receiver.await("node A is delivering", () -> !receiver.arrivals.isEmpty());
      String eventId = receiver.arrivals.get(0);

      nodeA.destroyForcibly();
      assertThat(nodeA.waitFor(20, TimeUnit.SECONDS)).isTrue();
      receiver.hold.set(null);
      held.countDown();
      scheduler.resume();

      Receiver.await(
          "node B delivered the event",
          () ->
              "delivered"
                  .equals(
                      jdbc.queryForObject(
                          "SELECT max(status) FROM webhook_deliveries WHERE webhook_id = ?::uuid",
                          String.class,
                          webhook)));
      assertThat(receiver.arrivals).containsExactly(eventId, eventId);
      Receiver.Request second = receiver.requests.get(receiver.requests.size() - 1);
      assertThat(second.id()).isEqualTo(eventId);
      assertThat(
              Signatures.verifies(
                  secret, second.id(), second.timestamp(), second.body(), second.signature()))
          .isTrue();
      List<Map<String, Object>> attempts =
          jdbc.queryForList(
              "SELECT a.node, a.response_code FROM webhook_delivery_attempts a"
                  + " JOIN webhook_deliveries d USING (delivery_id) WHERE d.webhook_id = ?::uuid",
              webhook);
      assertThat(attempts).hasSize(1);
      assertThat(attempts.get(0).get("response_code")).isEqualTo(200);
    } finally {
      scheduler.resume();
    }
  }

  /** Both nodes running: events written on either are each delivered exactly once. */
  private void deliverOnceAcrossTwoNodes(int portA) throws Exception {
    String user = "two-nodes-" + UUID.randomUUID();
    Http onA = new Http(portA).with("X-User-ID", user);
    Http onB = new Http(port).with("X-User-ID", user);
    try (Receiver receiver = new Receiver()) {
      Http.Response created =
          onB.post("/webhooks", Map.of("url", receiver.url(), "events", List.of("config.created")));
      assertThat(created.status()).as(created.toString()).isEqualTo(201);
      for (int i = 0; i < 20; i++) {
        Http.Response config =
            (i % 2 == 0 ? onA : onB)
                .post(
                    "/configs",
                    Map.of(
                        "name", "both-" + i, "config_data", Map.of("bundle", Map.of("name", "b"))));
        assertThat(config.status()).isEqualTo(201);
      }
      Receiver.await("20 events delivered", () -> receiver.delivered().size() >= 20);
      Thread.sleep(1_000);
      assertThat(receiver.arrivals).hasSize(20).doesNotHaveDuplicates();
      assertThat(onB.delete("/webhooks/" + created.json().get("webhook_id").asText()).status())
          .isEqualTo(204);
    }
  }

  private static int startNodeA() throws IOException, InterruptedException {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    logA = dir.resolve("a.log");
    ProcessBuilder command =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC",
                "-Xmx384m",
                "-cp",
                System.getProperty("java.class.path"),
                "io.amplifier.appapi.AmplifierApplication")
            .redirectErrorStream(true)
            .redirectOutput(logA.toFile());
    Map<String, String> env = command.environment();
    env.put("DATABASE_URL", TestDatabase.jdbcUrl());
    env.put("SERVICE_PORT", Integer.toString(port));
    env.put("CONFIG_ENCRYPTION_KEY", ApiTest.MASTER_KEY);
    env.put("AMPLIFIER_DATA_DIR", Files.createDirectories(dir.resolve("a")).toString());
    env.put("DATABASE_POOL_MIN_SIZE", "2");
    env.put("DATABASE_POOL_MAX_SIZE", "10");
    env.put("WARMUP_ENABLED", "false");
    env.put("PROVIDER_ALLOWED_HOSTS", "127.0.0.1");
    env.put("JOB_HEARTBEAT_INTERVAL", "1s");
    env.put("JOB_MISSED_HEARTBEATS", "4");
    env.put("JOB_POLLING_INTERVAL", "300ms");
    nodeA = command.start();
    Http http = new Http(port);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(300);
    while (true) {
      assertThat(nodeA.isAlive()).as("node A runs\n%s", tail()).isTrue();
      try {
        if (http.get("/health").status() == 200) {
          return port;
        }
      } catch (UncheckedIOException notYet) {
        // not listening yet
      }
      assertThat(System.nanoTime()).as("node A starts\n%s", tail()).isLessThan(deadline);
      Thread.sleep(250);
    }
  }

  private static String tail() {
    try {
      String text = Files.readString(logA, StandardCharsets.UTF_8);
      return text.length() > 4000 ? text.substring(text.length() - 4000) : text;
    } catch (IOException e) {
      return "no log";
    }
  }
}
