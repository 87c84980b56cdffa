package io.amplifier.appapi.platform.projections;

import static org.assertj.core.api.Assertions.assertThat;

import io.amplifier.appapi.Http;
import java.sql.Connection;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.springframework.jdbc.core.JdbcTemplate;

/** What another node hears on {@link EventArrivals#CHANNEL} of this node's writes. */
public final class HeadAnnouncements {

  private HeadAnnouncements() {}

  /**
   * Listens on {@code listener}, writes a config named {@code name} as {@code user} over HTTP and
   * asserts that within {@code limitMillis} an announced head covers the write's events.
   */
  public static void assertAnnouncedAfterAWrite(
      Connection listener, JdbcTemplate jdbc, int port, String user, String name, long limitMillis)
      throws Exception {
    listener.setAutoCommit(true);
    try (Statement statement = listener.createStatement()) {
      statement.execute("LISTEN " + EventArrivals.CHANNEL);
    }
    Http.Response created =
        new Http(port)
            .with("X-User-ID", user)
            .post(
                "/configs",
                Map.of("name", name, "config_data", Map.of("bundle", Map.of("name", "b"))));
    assertThat(created.status()).isEqualTo(201);
    long written =
        jdbc.queryForObject(
            "SELECT max(globalindex) FROM domainevententry WHERE aggregateidentifier = ?",
            Long.class,
            created.json().get("config_id").asText());
    long announced = -1;
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(limitMillis);
    while (announced < written && System.nanoTime() < deadline) {
      PGNotification[] arrived = listener.unwrap(PGConnection.class).getNotifications(100);
      for (PGNotification n : arrived == null ? new PGNotification[0] : arrived) {
        announced = Math.max(announced, Long.parseLong(n.getParameter()));
      }
    }
    assertThat(announced).as("the announced head covers the write").isGreaterThanOrEqualTo(written);
  }
}
