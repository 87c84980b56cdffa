package io.amplifier.appapi.webhooks.delivery;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** Reads the registered webhooks (the command side's table; never their secrets). */
@Component
public class Webhooks {

  private static final String COLUMNS =
      "webhook_id, owner_id, app_id, application, url, events, created_at";

  private final JdbcTemplate jdbc;

  Webhooks(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  public Optional<WebhookView> find(UUID webhookId) {
    return jdbc
        .query(
            "SELECT " + COLUMNS + " FROM webhooks WHERE webhook_id = ?",
            (rs, n) -> view(rs),
            webhookId)
        .stream()
        .findFirst();
  }

  /** The user's own webhooks, and for an admin also every application's, newest first. */
  public List<WebhookView> visibleTo(String userId, boolean admin, int limit) {
    return jdbc.query(
        "SELECT "
            + COLUMNS
            + " FROM webhooks WHERE (NOT application AND owner_id = ?) OR (? AND application)"
            + " ORDER BY created_at DESC, webhook_id LIMIT ?",
        (rs, n) -> view(rs),
        userId,
        admin,
        limit);
  }

  public int countOfUser(String userId) {
    Integer n =
        jdbc.queryForObject(
            "SELECT count(*) FROM webhooks WHERE NOT application AND owner_id = ?",
            Integer.class,
            userId);
    return n == null ? 0 : n;
  }

  public int countOfApplication(String appId) {
    Integer n =
        jdbc.queryForObject(
            "SELECT count(*) FROM webhooks WHERE application AND app_id = ?", Integer.class, appId);
    return n == null ? 0 : n;
  }

  static WebhookView view(ResultSet rs) throws SQLException {
    Array events = rs.getArray("events");
    return new WebhookView(
        rs.getObject("webhook_id", UUID.class),
        rs.getString("owner_id"),
        rs.getString("app_id"),
        rs.getBoolean("application"),
        rs.getString("url"),
        Arrays.asList((String[]) events.getArray()),
        rs.getTimestamp("created_at").toInstant());
  }
}
