package io.amplifier.appapi.platform.operations;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Base64;
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
  private final @Nullable String password;

  private EmbeddedPostgresServer(@Nullable EmbeddedPostgres postgres, @Nullable String password) {
    this.postgres = postgres;
    this.password = password;
  }

  static EmbeddedPostgresServer none() {
    return new EmbeddedPostgresServer(null, null);
  }

  static EmbeddedPostgresServer start(Path dataDirectory, int port) {
    try {
      Path dir = dataDirectory.toAbsolutePath().normalize();
      Files.createDirectories(dir.getParent());
      stopOrphan(dir);
      Path passwordFile = dir.resolveSibling(dir.getFileName() + ".password");
      String password =
          Files.exists(passwordFile)
              ? Files.readString(passwordFile, StandardCharsets.UTF_8).trim()
              : null;
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
      if (password != null) {
        builder.setConnectConfig("password", password);
      }
      EmbeddedPostgres pg = builder.start();
      if (password == null) {
        password = protect(pg, dir, passwordFile);
      }
      log.info(
          "No DATABASE_URL set: started embedded PostgreSQL on 127.0.0.1:{}, data kept in {}",
          pg.getPort(),
          dir);
      return new EmbeddedPostgresServer(pg, password);
    } catch (IOException e) {
      throw new UncheckedIOException("Could not start the embedded PostgreSQL", e);
    }
  }

  /**
   * On first start (initdb trusts every local connection): gives {@code postgres} a generated
   * password, kept beside the data directory with mode 0600, and makes TCP connections prove it, so
   * another local user cannot open the database.
   */
  private static String protect(EmbeddedPostgres pg, Path dir, Path passwordFile)
      throws IOException {
    byte[] bytes = new byte[24];
    new SecureRandom().nextBytes(bytes);
    String password = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    Path temporary =
        Files.createTempFile(
            dir.getParent(),
            ".postgres.password",
            ".tmp",
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    try {
      Files.writeString(temporary, password + "\n", StandardCharsets.UTF_8);
      try (Connection connection = pg.getPostgresDatabase().getConnection();
          Statement statement = connection.createStatement()) {
        // the password is URL-safe base64: nothing in it needs quoting
        statement.execute("ALTER ROLE postgres PASSWORD '" + password + "'");
        Files.move(temporary, passwordFile, StandardCopyOption.ATOMIC_MOVE);
        Files.writeString(
            dir.resolve("pg_hba.conf"),
            "# written by amplifier: TCP connections need the password in ../"
                + passwordFile.getFileName()
                + "\n"
                + "local all all trust\n"
                + "host all all 127.0.0.1/32 scram-sha-256\n"
                + "host all all ::1/128 scram-sha-256\n",
            StandardCharsets.UTF_8);
        statement.execute("SELECT pg_reload_conf()");
      } catch (SQLException e) {
        throw new IOException("Could not set the embedded PostgreSQL's password", e);
      }
    } finally {
      Files.deleteIfExists(temporary);
    }
    log.info("Embedded PostgreSQL now requires the generated password kept in {}", passwordFile);
    return password;
  }

  /**
   * A JVM killed with {@code kill -9} leaves its postgres running, and the next start would fail on
   * {@code postmaster.pid}; stop that orphan first.
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

  /** The generated password of the embedded server's {@code postgres} role. */
  Optional<String> password() {
    return Optional.ofNullable(password);
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
