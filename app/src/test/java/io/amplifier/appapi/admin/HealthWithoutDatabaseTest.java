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
    config.setConnectionTimeout(500);
    try (HikariDataSource unreachable = new HikariDataSource(config)) {
      ServiceController controller = new ServiceController(new ServiceInfo("9.9.9"), unreachable);

      ServiceController.Health health = controller.health();

      assertThat(health.status()).isEqualTo("degraded");
      assertThat(health.databaseConnected()).isFalse();
      assertThat(health.version()).isEqualTo("9.9.9");
    }
  }
}
