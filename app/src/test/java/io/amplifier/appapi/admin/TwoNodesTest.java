package io.amplifier.appapi.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.amplifier.appapi.ApiTest;
import io.amplifier.appapi.Http;
import io.amplifier.appapi.OwnDatabase;
import io.amplifier.appapi.configs.Recipes;
import io.amplifier.appapi.sessions.Turns;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * Two service processes (separate JVMs started from the test class path, own ports, one fresh
 * PostgreSQL database) behave as one: the processors' segments are shared between them; a write on
 * one node is readable on the other at once; concurrent changes of one config on both nodes give
 * one winner and 409s, never a 500; a processor that had one segment (a database from before) is
 * split to the configured count; a turn running on A is cancelled from B; a rebuild started on A
 * works while B owns segments (and a second one on B is 409); after {@code kill -9} of A, B claims
 * every segment, serves writes and frees A's turn; and every read model then equals a from-scratch
 * rebuild (sorted-rows hash), so no event was applied twice or skipped.
 */
class TwoNodesTest {

  private static final Logger log = LoggerFactory.getLogger(TwoNodesTest.class);

  /** The last projection status a caught-up check read, for the failure message. */
  private static volatile String lastStatus = "";

  /** The streaming processors; the inline views have no segments. */
  private static final List<String> PROCESSORS =
      List.of("user-view", "audit-log", "session-config-closer");

  private static final int SEGMENTS = 4;
  private static final Duration STARTUP = Duration.ofSeconds(300);
  private static final Duration STEP = Duration.ofSeconds(60);

  @TempDir static Path dir;
  private static OwnDatabase database;
  private static JdbcTemplate jdbc;
  private static Node a;
  private static Node b;

  @BeforeAll
  static void startTwoNodes() throws Exception {
    database = new OwnDatabase();
    DriverManagerDataSource source = new DriverManagerDataSource(database.jdbcUrl());
    jdbc = new JdbcTemplate(source);
    // a database from before several segments: user-view has one, the nodes split it
    Flyway.configure()
        .dataSource(source)
        .locations("classpath:db/migration")
        .outOfOrder(true)
        .load()
        .migrate();
    jdbc.update("INSERT INTO tokenentry (processorname, segment) VALUES ('user-view', 0)");
    long start = System.nanoTime();
    a = new Node("a");
    b = new Node("b");
    a.awaitHealthy();
    b.awaitHealthy();
    log.info("Both nodes answer after {} ms", (System.nanoTime() - start) / 1_000_000);
  }

  @AfterAll
  static void stopNodes() {
    for (Node node : new Node[] {a, b}) {
      if (node != null) {
        node.process.destroyForcibly();
        try {
          node.process.waitFor(20, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }
    if (database != null) {
      database.drop();
    }
  }

  @Test
  void shouldBehaveAsOneServiceAndSurviveTheLossOfANode() throws Exception {
    // segments are claimed across both nodes (user-view's one segment split to four first)
    await(
        "every processor's segments are shared by both nodes",
        () ->
            PROCESSORS.stream()
                .allMatch(
                    p ->
                        ownedBy(p, a) >= 1
                            && ownedBy(p, b) >= 1
                            && ownedBy(p, a) + ownedBy(p, b) == SEGMENTS));
    // the split stopped at the configured count although both nodes could split
    for (String p : PROCESSORS) {
      assertThat(segments(p)).as("segments of %s", p).isEqualTo(SEGMENTS);
    }

    // a write on one node is readable on the other at once (read-your-writes, no retry)
    Http onA = a.http().with("X-User-ID", "two-nodes-owner");
    Http onB = b.http().with("X-User-ID", "two-nodes-owner");
    List<String> configs = new ArrayList<>();
    List<Long> crossNodeReadMillis = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      Http writer = i % 2 == 0 ? onA : onB;
      Http reader = i % 2 == 0 ? onB : onA;
      Http.Response created = writer.post("/configs", config("node-config-" + i, 0));
      assertThat(created.status()).as(created.toString()).isEqualTo(201);
      String id = created.json().get("config_id").asText();
      configs.add(id);
      long readStarted = System.nanoTime();
      Http.Response read = reader.get("/configs/" + id);
      crossNodeReadMillis.add((System.nanoTime() - readStarted) / 1_000_000);
      assertThat(read.status())
          .as("config %d written on one node, read on the other", i)
          .isEqualTo(200);
      assertThat(read.header("ETag")).isEqualTo(created.header("ETag"));
      Http.Response updated = reader.put("/configs/" + id, Map.of("name", "renamed-" + i));
      assertThat(updated.status()).as(updated.toString()).isEqualTo(200);
      assertThat(writer.get("/configs/" + id).json().get("name").asText())
          .isEqualTo("renamed-" + i);
      Http.Response session = writer.post("/sessions", Map.of("config_id", id));
      assertThat(session.status()).as(session.toString()).isEqualTo(201);
      String sessionId = session.json().get("session_id").asText();
      assertThat(reader.get("/sessions/" + sessionId).status()).isEqualTo(200);
      assertThat(
              reader
                  .post("/sessions/" + sessionId + "/messages", Map.of("message", "my name is Ada"))
                  .status())
          .isEqualTo(200);
      assertThat(writer.get("/sessions/" + sessionId + "/messages").json().toString())
          .contains("my name is Ada");
      Map<String, Object> recipe = Recipes.oneStep("node-recipe-" + i);
      Http.Response createdRecipe = writer.post("/api/recipes/", Map.of("recipe_data", recipe));
      assertThat(createdRecipe.status()).as(createdRecipe.toString()).isLessThan(300);
    }
    Http.Response app =
        a.http().post("/applications", Map.of("app_id", "two-nodes-app", "app_name", "Two nodes"));
    assertThat(app.status()).as(app.toString()).isEqualTo(201);
    assertThat(b.http().get("/applications/two-nodes-app").status()).isEqualTo(200);
    assertThat(
            b.http().with("X-API-Key", app.json().get("api_key").asText()).get("/configs").status())
        .as("a key registered on A authenticates on B")
        .isEqualTo(200);
    JsonNode audit = onB.get("/audit?entity_id=" + configs.get(0) + "&limit=50").json();
    assertThat(audit.toString())
        .as("B's audit log waits for segments A applies")
        .contains("ConfigUpdatedEvent");

    // the views are inline: 1,000 writes, each read on the other node at once, with no retry
    int failures = 0;
    List<String> missed = new ArrayList<>();
    for (int i = 0; i < 1_000; i++) {
      Http writer = i % 2 == 0 ? onA : onB;
      Http reader = i % 2 == 0 ? onB : onA;
      Http.Response created = writer.post("/configs", config("ryw-" + i, 0));
      assertThat(created.status()).as(created.toString()).isEqualTo(201);
      Http.Response read = reader.get("/configs/" + created.json().get("config_id").asText());
      if (read.status() != 200 || !created.header("ETag").equals(read.header("ETag"))) {
        failures++;
        missed.add(i + ": " + read.status());
      }
    }
    assertThat(failures).as("reads on the other node right after a write: %s", missed).isZero();

    // only A writes now, so B's reader learns of each write from A (not from a write of its own):
    // how long until it is listed on B (measured: 10-35 ms once warm, not Axon's 1 s fetch delay)
    List<Long> writeMillis = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      Thread.sleep(300); // B's readers are idle, as between a user's requests
      long writeStarted = System.nanoTime();
      String id =
          onA.post("/configs", config("quiet-config-" + i, 0)).json().get("config_id").asText();
      writeMillis.add((System.nanoTime() - writeStarted) / 1_000_000);
      long readStarted = System.nanoTime();
      while (!onB.get("/configs?limit=100").json().toString().contains(id)) {
        assertThat(System.nanoTime() - readStarted).as("listed on B").isLessThan(30_000_000_000L);
        Thread.sleep(5);
      }
      crossNodeReadMillis.add((System.nanoTime() - readStarted) / 1_000_000);
    }
    log.info(
        "Cross-node reads done; reads of the other node's write took {} ms, quiet writes on A {} ms",
        crossNodeReadMillis,
        writeMillis);

    // concurrent changes of one config on both nodes: one winner, the other 409, never a 500
    String contested = configs.get(0);
    int wins = 0;
    for (int round = 0; round < 10; round++) {
      CountDownLatch go = new CountDownLatch(1);
      int r = round;
      CompletableFuture<Http.Response> fromA =
          CompletableFuture.supplyAsync(() -> race(go, onA, contested, "a-" + r));
      CompletableFuture<Http.Response> fromB =
          CompletableFuture.supplyAsync(() -> race(go, onB, contested, "b-" + r));
      go.countDown();
      int roundWins = 0;
      for (Http.Response answer :
          List.of(fromA.get(30, TimeUnit.SECONDS), fromB.get(30, TimeUnit.SECONDS))) {
        assertThat(answer.status()).as(answer.toString()).isIn(200, 409);
        if (answer.status() == 409) {
          assertThat(answer.header("Content-Type")).contains("application/problem+json");
        } else {
          roundWins++;
        }
      }
      assertThat(roundWins).as("round %d has a winner", round).isPositive();
      wins += roundWins;
    }
    assertThat(eventsOf(contested)).as("every 200 appended exactly one event").isEqualTo(2 + wins);
    log.info("Races done: {} of 20 changes won", wins);

    // a turn running on A is cancelled from B
    String slowConfig = onA.post("/configs", config("slow", 500)).json().get("config_id").asText();
    String cancelled =
        onA.post("/sessions", Map.of("config_id", slowConfig)).json().get("session_id").asText();
    CompletableFuture<Http.Response> turn =
        CompletableFuture.supplyAsync(
            () ->
                onA.post("/sessions/" + cancelled + "/messages", Map.of("message", longMessage())));
    await("B sees the turn running on A", () -> running(onB, cancelled));
    long cancelAt = System.nanoTime();
    Http.Response cancel = onB.post("/sessions/" + cancelled + "/cancel", null);
    assertThat(cancel.status()).as(cancel.toString()).isEqualTo(200);
    Http.Response ended = turn.get(STEP.toSeconds(), TimeUnit.SECONDS);
    log.info("Cross-node cancel took {} ms", (System.nanoTime() - cancelAt) / 1_000_000);
    assertThat(ended.status()).as(ended.toString()).isEqualTo(200);
    assertThat(ended.json().at("/metadata/cancelled").asBoolean()).as(ended.toString()).isTrue();

    // a rebuild of an inline view started on A while B writes it; a second one on B is 409
    rebuildAndCompare(a, b, "config-view");
    // a rebuild started on A while B owns segments of the projection
    assertThat(ownedBy("audit-log", b)).isPositive();
    rebuildAndCompare(a, b, "audit-log");

    // kill -9 of A while it runs a turn: B takes every segment and the turn's lease
    String orphan =
        onA.post("/sessions", Map.of("config_id", slowConfig)).json().get("session_id").asText();
    CompletableFuture<Http.Response> lost =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return onA.post(
                    "/sessions/" + orphan + "/messages", Map.of("message", longMessage()));
              } catch (UncheckedIOException | IllegalStateException gone) {
                return null;
              }
            });
    await("B sees the turn running on A", () -> running(onB, orphan));
    long killedAt = System.nanoTime();
    a.process.destroyForcibly();
    assertThat(a.process.waitFor(20, TimeUnit.SECONDS)).isTrue();
    await(
        "B claims every segment",
        () -> PROCESSORS.stream().allMatch(p -> ownedBy(p, b) == segments(p)));
    long segmentsAt = System.nanoTime();
    // alone, B merges each processor back to one segment (one transaction per batch)
    await(
        "B alone merges every processor to one segment",
        () -> PROCESSORS.stream().allMatch(p -> segments(p) == 1 && ownedBy(p, b) == 1));
    Http.Response afterKill = onB.post("/configs", config("after-kill", 0));
    assertThat(afterKill.status()).as(afterKill.toString()).isEqualTo(201);
    assertThat(onB.get("/configs/" + afterKill.json().get("config_id").asText()).status())
        .isEqualTo(200);
    long writableAt = System.nanoTime();
    await("B fails the turn whose node died", () -> !running(onB, orphan));
    long freedAt = System.nanoTime();
    log.info(
        "After kill -9 of A: every segment on B in {} ms, a write readable on B in {} ms, A's turn freed in {} ms",
        (segmentsAt - killedAt) / 1_000_000,
        (writableAt - killedAt) / 1_000_000,
        (freedAt - killedAt) / 1_000_000);
    assertThat(onB.post("/sessions/" + orphan + "/messages", Map.of("message", "again")).status())
        .as("the session takes messages again")
        .isEqualTo(200);
    lost.cancel(true);

    // a token budget, so that quota-view has events to replay
    Http.Response budget =
        b.http().put("/users/two-nodes-owner/quota", Map.of("monthly_tokens", 1_000_000));
    assertThat(budget.status()).as(budget.toString()).isEqualTo(200);
    // no event applied twice or skipped: every read model equals a from-scratch rebuild
    for (String name : ProjectionRebuilds.TABLES.keySet()) {
      rebuildAndCompare(b, null, name);
    }
  }

  /** Rebuilds {@code name} through {@code on} and compares its rows before and after. */
  private void rebuildAndCompare(Node on, Node other, String name) throws InterruptedException {
    Http admin = on.http();
    await(name + " caught up", () -> caughtUp(admin, name));
    String before = hash(name);
    Http.Response started = admin.post("/admin/projections/" + name + "/rebuild", null);
    assertThat(started.status()).as(started.toString()).isEqualTo(202);
    if (other != null) {
      Http.Response second = other.http().post("/admin/projections/" + name + "/rebuild", null);
      assertThat(second.status())
          .as("a rebuild is refused on the other node while one runs")
          .isEqualTo(409);
    }
    await(
        name + " rebuilt",
        () -> {
          JsonNode status = admin.get("/admin/projections/" + name).json();
          assertThat(status.get("state").asText()).isNotEqualTo("failed");
          return "live".equals(status.get("state").asText())
              && status.hasNonNull("rebuild")
              && "live".equals(status.get("rebuild").get("state").asText());
        });
    assertThat(admin.get("/admin/projections/" + name).json().at("/rebuild/events").asLong())
        .as("the replay of %s applied events", name)
        .isPositive();
    await(name + " caught up", () -> caughtUp(admin, name));
    assertThat(hash(name)).as("%s equals its from-scratch rebuild", name).isEqualTo(before);
  }

  private static boolean caughtUp(Http admin, String name) {
    JsonNode status = admin.get("/admin/projections/" + name).json();
    lastStatus = status.toString();
    return status.hasNonNull("lag") && status.get("lag").asLong() == 0;
  }

  private static Http.Response race(CountDownLatch go, Http node, String configId, String name) {
    try {
      go.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return node.put("/configs/" + configId, Map.of("name", name));
  }

  private static boolean running(Http node, String sessionId) {
    JsonNode session = node.get("/sessions/" + sessionId).json();
    return session.path("turn_running").asBoolean(false);
  }

  private static String longMessage() {
    return "word ".repeat(200).trim();
  }

  private static Map<String, Object> config(String name, int delayMs) {
    return Map.of(
        "name",
        name,
        "config_data",
        Turns.document("two-nodes", "provider-echo", Map.of("delay_ms", delayMs)));
  }

  private static long eventsOf(String aggregate) {
    return jdbc.queryForObject(
        "SELECT count(*) FROM domainevententry WHERE aggregateidentifier = ?",
        Long.class,
        aggregate);
  }

  private static int segments(String processor) {
    Integer count =
        jdbc.queryForObject(
            "SELECT count(*) FROM tokenentry WHERE processorname = ?", Integer.class, processor);
    return count == null ? 0 : count;
  }

  private static int ownedBy(String processor, Node node) {
    Integer owned =
        jdbc.queryForObject(
            "SELECT count(*) FROM tokenentry WHERE processorname = ? AND owner LIKE ?",
            Integer.class,
            processor,
            node.process.pid() + "@%");
    return owned == null ? 0 : owned;
  }

  /** Hash of the projection's tables' sorted rows, without the audit entries of rebuilds. */
  private static String hash(String name) {
    StringBuilder all = new StringBuilder();
    for (String table : ProjectionRebuilds.TABLES.get(name)) {
      all.append(
          jdbc.queryForObject(
              "SELECT md5(coalesce(string_agg(x, E'\\n' ORDER BY x), '')) FROM (SELECT t::text x FROM "
                  + table
                  + " t) s WHERE x NOT LIKE '%ProjectionRebuildStarted%'",
              String.class));
    }
    return all.toString();
  }

  private static void await(String what, BooleanSupplier condition) throws InterruptedException {
    long start = System.nanoTime();
    long deadline = start + STEP.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(
            "Timed out waiting until "
                + what
                + "\nlast projection status: "
                + lastStatus
                + "\n"
                + a.tail()
                + "\n"
                + b.tail());
      }
      Thread.sleep(100);
    }
    log.info("{}: {} ms", what, (System.nanoTime() - start) / 1_000_000);
  }

  /** One service process on the shared database. */
  private static final class Node {
    final String name;
    final int port;
    final Path logFile;
    final Process process;

    Node(String name) throws IOException {
      this.name = name;
      try (ServerSocket socket = new ServerSocket(0)) {
        this.port = socket.getLocalPort();
      }
      this.logFile = dir.resolve(name + ".log");
      Path data = Files.createDirectories(dir.resolve(name));
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
              .redirectOutput(logFile.toFile());
      Map<String, String> env = command.environment();
      env.put("DATABASE_URL", database.jdbcUrl());
      env.put("SERVICE_PORT", Integer.toString(port));
      env.put("CONFIG_ENCRYPTION_KEY", ApiTest.MASTER_KEY);
      env.put("AMPLIFIER_DATA_DIR", data.toString());
      env.put("DATABASE_POOL_MIN_SIZE", "2");
      env.put("DATABASE_POOL_MAX_SIZE", "10");
      env.put("PROJECTION_SEGMENTS", Integer.toString(SEGMENTS));
      env.put("PROJECTION_CLAIM_TIMEOUT", "3s");
      env.put("AMPLIFIER_NODES_MERGE_AFTER", "2s");
      env.put("TURN_LEASE_SECONDS", "3");
      this.process = command.start();
    }

    Http http() {
      return new Http(port);
    }

    void awaitHealthy() throws InterruptedException {
      long deadline = System.nanoTime() + STARTUP.toNanos();
      while (true) {
        assertThat(process.isAlive()).as("node %s is running\n%s", name, tail()).isTrue();
        try {
          if (http().get("/health").status() == 200) {
            return;
          }
        } catch (UncheckedIOException notYet) {
          // not listening yet
        }
        assertThat(System.nanoTime()).as("node %s starts\n%s", name, tail()).isLessThan(deadline);
        Thread.sleep(250);
      }
    }

    String tail() {
      try {
        String text = Files.readString(logFile, StandardCharsets.UTF_8);
        String problems =
            text.lines()
                .filter(l -> l.contains(" WARN ") || l.contains(" ERROR "))
                .filter(
                    l -> !l.contains("AnnotationTypeMapping") && !l.contains("already registered"))
                .limit(40)
                .map(l -> l.length() > 400 ? l.substring(0, 400) : l)
                .collect(java.util.stream.Collectors.joining("\n"));
        return "--- node "
            + name
            + " warnings ---\n"
            + problems
            + "\n--- node "
            + name
            + " ---\n"
            + (text.length() > 6000 ? text.substring(text.length() - 6000) : text);
      } catch (IOException e) {
        return "--- node " + name + ": no log";
      }
    }
  }
}
