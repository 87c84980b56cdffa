package io.amplifier.appapi.platform;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The PostgreSQL the one-command run uses when no {@code DATABASE_URL} is given: a real server
 * whose data directory survives restarts, with durability on (zonky turns fsync off by default).
 */
final class EmbeddedPostgresServer implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgresServer.class);

  private final @Nullable EmbeddedPostgres postgres;

  private EmbeddedPostgresServer(@Nullable EmbeddedPostgres postgres) {
    this.postgres = postgres;
  }

  static EmbeddedPostgresServer none() {
    return new EmbeddedPostgresServer(null);
  }

  static EmbeddedPostgresServer start(Path dataDirectory, int port) {
    try {
      Path dir = dataDirectory.toAbsolutePath().normalize();
      Files.createDirectories(dir.getParent());
      stopOrphan(dir);
      EmbeddedPostgres.Builder builder =
          EmbeddedPostgres.builder()
              .setDataDirectory(dir)
              .setCleanDataDirectory(false)
              .setPGStartupWait(Duration.ofSeconds(30))
              .setServerConfig("fsync", "on")
              .setServerConfig("synchronous_commit", "on")
              .setServerConfig("full_page_writes", "on")
              .setServerConfig("listen_addresses", "127.0.0.1");
      if (port > 0) {
        builder.setPort(port);
      }
      EmbeddedPostgres pg = builder.start();
      log.info(
          "No DATABASE_URL set: started embedded PostgreSQL on 127.0.0.1:{}, data kept in {}",
          pg.getPort(),
          dir);
      return new EmbeddedPostgresServer(pg);
    } catch (IOException e) {
      throw new UncheckedIOException("Could not start the embedded PostgreSQL", e);
    }
  }

  /**
   * A JVM killed with {@code kill -9} leaves its postgres running, and the next start would fail
   * on {@code postmaster.pid}; stop that orphan first.
   */
  private static void stopOrphan(Path dir) throws IOException {
    Path pidFile = dir.resolve("postmaster.pid");
    if (!Files.exists(pidFile)) {
      return;
    }
    List<String> lines = Files.readAllLines(pidFile, StandardCharsets.UTF_8);
    if (lines.isEmpty()) {
      return;
    }
    long pid;
    try {
      pid = Long.parseLong(lines.get(0).trim());
    } catch (NumberFormatException e) {
      return;
    }
    Optional<ProcessHandle> process = ProcessHandle.of(pid);
    if (process.isEmpty() || !process.get().isAlive()) {
      return;
    }
    String command = process.get().info().command().orElse("");
    if (!command.contains("postgres")) {
      return;
    }
    log.warn("Stopping orphaned embedded PostgreSQL (pid {}) left by an earlier run", pid);
    process.get().destroy();
    process.get().onExit().orTimeout(30, java.util.concurrent.TimeUnit.SECONDS).join();
  }

  Optional<String> jdbcUrl() {
    return Optional.ofNullable(postgres).map(pg -> pg.getJdbcUrl("postgres", "postgres"));
  }

  @Override
  public void close() throws IOException {
    if (postgres != null) {
      postgres.close();
    }
  }
}
