package io.amplifier.appapi.platform.operations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one-command run's database keeps its rows across restarts, with durability on. */
class EmbeddedPostgresServerTest {

  @TempDir Path dir;

  @Test
  void shouldKeepDataAcrossRestartsWithFsyncOn() throws Exception {
    Path data = dir.resolve("postgres");
    try (EmbeddedPostgresServer first = EmbeddedPostgresServer.start(data, 0);
        Connection connection = connect(first);
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE TABLE kept (value text)");
      statement.execute("INSERT INTO kept VALUES ('survives')");
    }

    try (EmbeddedPostgresServer second = EmbeddedPostgresServer.start(data, 0);
        Connection connection = connect(second);
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT value FROM kept")) {
      assertThat(rows.next()).isTrue();
      assertThat(rows.getString(1)).isEqualTo("survives");
      try (ResultSet fsync = connection.createStatement().executeQuery("SHOW fsync")) {
        fsync.next();
        assertThat(fsync.getString(1)).isEqualTo("on");
      }
    }
  }

  @Test
  void shouldRequireAGeneratedPasswordKeptBesideTheData() throws Exception {
    Path data = dir.resolve("postgres");
    try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(data, 0)) {
      Path file = dir.resolve("postgres.password");
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
          .isEqualTo("rw-------");
      assertThat(Files.readString(file).trim())
          .isEqualTo(server.password().orElseThrow())
          .hasSizeGreaterThan(20);
      assertThatThrownBy(() -> DriverManager.getConnection(server.jdbcUrl().orElseThrow()))
          .isInstanceOf(SQLException.class)
          .hasMessageContaining("password");
      try (Connection withPassword = connect(server)) {
        assertThat(withPassword.isValid(2)).isTrue();
      }
    }
  }

  private static Connection connect(EmbeddedPostgresServer server) throws Exception {
    Properties properties = new Properties();
    server.password().ifPresent(p -> properties.setProperty("password", p));
    return DriverManager.getConnection(server.jdbcUrl().orElseThrow(), properties);
  }
}
