package io.amplifier.appapi;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * A database of a test class's own on this JVM's test server, for tests that break their database
 * on purpose (an outage, a poisoned event store) and must not touch the shared one.
 */
public final class OwnDatabase {

  private final String name =
      "amp_own_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);

  /** Creates it. */
  public OwnDatabase() {
    admin("CREATE DATABASE " + name);
  }

  public String name() {
    return name;
  }

  /** Its JDBC URL, user and password included. */
  public String jdbcUrl() {
    String url = TestDatabase.jdbcUrl();
    int query = url.indexOf('?');
    String base = query < 0 ? url : url.substring(0, query);
    return base.substring(0, base.lastIndexOf('/') + 1)
        + name
        + (query < 0 ? "" : url.substring(query));
  }

  /** Runs {@code sql} from a connection to the shared test database (e.g. ALTER DATABASE). */
  public static void admin(String sql) {
    try (Connection connection = DriverManager.getConnection(TestDatabase.jdbcUrl());
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException("Could not run: " + sql, e);
    }
  }

  /** Drops it, whoever is still connected. */
  public void drop() {
    admin("ALTER DATABASE " + name + " WITH ALLOW_CONNECTIONS true");
    admin("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
  }
}
