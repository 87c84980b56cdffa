package io.amplifier.appapi.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

/** With the database gone, /health still answers (200), saying degraded instead of failing. */
class HealthWithoutDatabaseTest {

  @Test
  void shouldReportDegradedWhenTheDatabaseDoesNotAnswer() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl("jdbc:postgresql://127.0.0.1:" + closedPort + "/none");
    config.setInitializationFailTimeout(-1);
    // The service's default: the pool waits 5 s for a connection that never comes.
    config.setConnectionTimeout(5_000);
    try (HikariDataSource unreachable = new HikariDataSource(config)) {
      DatabaseHealth database = new DatabaseHealth(unreachable);
      ServiceController controller =
          new ServiceController(
              new ServiceInfo("9.9.9", java.util.Optional.empty()), unreachable, database);

      long started = System.nanoTime();
      ServiceController.Health health = controller.health();
      long millis = (System.nanoTime() - started) / 1_000_000;

      database.destroy();
      assertThat(millis).as("health answered within a second").isLessThan(1_500);
      assertThat(health.status()).isEqualTo("degraded");
      assertThat(health.databaseConnected()).isFalse();
      assertThat(health.version()).isEqualTo("9.9.9");
    }
  }
}
