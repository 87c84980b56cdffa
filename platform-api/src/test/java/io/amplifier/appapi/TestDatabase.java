package io.amplifier.appapi;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.PostgreSQLContainer;

/**
 * A fresh PostgreSQL database for this test JVM, found as DESIGN.md §7 says: the server named by
 * {@code AMPLIFIER_TEST_DB_URL}; else a Testcontainers PostgreSQL when Docker answers; else an
 * embedded PostgreSQL. Never H2, never a fake. Shared by every module's tests through this module's
 * test jar.
 */
public final class TestDatabase {

  private static String jdbcUrl;

  private TestDatabase() {}

  /** The JDBC URL (user and password included) of this JVM's own, freshly created database. */
  public static synchronized String jdbcUrl() {
    if (jdbcUrl == null) {
      jdbcUrl = create();
    }
    return jdbcUrl;
  }

  private static String create() {
    String configured = System.getenv("AMPLIFIER_TEST_DB_URL");
    if (configured != null && !configured.isBlank()) {
      return freshDatabaseOn(Server.parse(configured));
    }
    if (dockerAvailable()) {
      PostgreSQLContainer<?> container = new PostgreSQLContainer<>("postgres:16-alpine");
      container.start();
      Runtime.getRuntime().addShutdownHook(new Thread(container::stop));
      return container.getJdbcUrl()
          + "&user="
          + container.getUsername()
          + "&password="
          + container.getPassword();
    }
    try {
      EmbeddedPostgres embedded = EmbeddedPostgres.builder().start();
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    try {
                      embedded.close();
                    } catch (IOException ignored) {
                      // the JVM is going away either way
                    }
                  }));
      return freshDatabaseOn(Server.parse(embedded.getJdbcUrl("postgres", "postgres")));
    } catch (IOException e) {
      throw new UncheckedIOException("Could not start an embedded PostgreSQL for the tests", e);
    }
  }

  private static boolean dockerAvailable() {
    try {
      return DockerClientFactory.instance().isDockerAvailable();
    } catch (RuntimeException | LinkageError e) {
      return false;
    }
  }

  private static String freshDatabaseOn(Server server) {
    String name = "amp_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    try (Connection admin = connect(server);
        Statement statement = admin.createStatement()) {
      statement.execute("CREATE DATABASE " + name);
    } catch (SQLException e) {
      throw new IllegalStateException("Could not create test database on " + server, e);
    }
    String url = server.jdbcUrl();
    int query = url.indexOf('?');
    String base = query < 0 ? url : url.substring(0, query);
    String params = query < 0 ? "" : url.substring(query + 1);
    String withDb = base.substring(0, base.lastIndexOf('/') + 1) + name;
    StringBuilder result = new StringBuilder(withDb);
    char sep = '?';
    if (!params.isEmpty()) {
      result.append(sep).append(params);
      sep = '&';
    }
    if (server.username() != null && !params.toLowerCase(Locale.ROOT).contains("user=")) {
      result.append(sep).append("user=").append(server.username());
      sep = '&';
    }
    if (server.password() != null && !params.toLowerCase(Locale.ROOT).contains("password=")) {
      result.append(sep).append("password=").append(server.password());
    }
    String fresh = result.toString();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> drop(server, name)));
    return fresh;
  }

  private static void drop(Server server, String name) {
    try (Connection admin = connect(server);
        Statement statement = admin.createStatement()) {
      statement.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    } catch (SQLException ignored) {
      // best effort: a CI cluster is thrown away anyway
    }
  }

  /** Where to create databases: a JDBC URL and the credentials it needs. */
  private record Server(String jdbcUrl, String username, String password) {

    /**
     * {@code postgresql://user:pass@host:port/db} (as {@code AMPLIFIER_TEST_DB_URL}) or a JDBC URL.
     */
    static Server parse(String text) {
      if (text.startsWith("jdbc:")) {
        return new Server(text, null, null);
      }
      URI uri = URI.create(text.replaceFirst("^postgres(ql)?(\\+[a-z0-9]+)?://", "postgresql://"));
      String user = null;
      String password = null;
      if (uri.getRawUserInfo() != null) {
        String[] parts = uri.getRawUserInfo().split(":", 2);
        user = URLDecoder.decode(parts[0], StandardCharsets.UTF_8);
        password = parts.length > 1 ? URLDecoder.decode(parts[1], StandardCharsets.UTF_8) : null;
      }
      String path =
          uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/postgres" : uri.getRawPath();
      String query = uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery();
      String port = uri.getPort() > 0 ? ":" + uri.getPort() : "";
      return new Server("jdbc:postgresql://" + uri.getHost() + port + path + query, user, password);
    }

    @Override
    public String toString() {
      return jdbcUrl + " as " + username;
    }
  }

  private static Connection connect(Server server) throws SQLException {
    return DriverManager.getConnection(server.jdbcUrl(), server.username(), server.password());
  }
}
