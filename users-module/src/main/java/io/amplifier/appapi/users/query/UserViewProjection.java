package io.amplifier.appapi.users.query;

import io.amplifier.appapi.users.api.UserFirstSeenEvent;
import io.amplifier.appapi.users.api.UserSeenAgainEvent;
import java.sql.Timestamp;
import java.time.Instant;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** Projects user sightings into {@code user_view}: first seen, last seen, last application. */
@Component
@ProcessingGroup("user-view")
class UserViewProjection {

  private final JdbcTemplate jdbc;

  UserViewProjection(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  @EventHandler
  void on(
      UserFirstSeenEvent event,
      @SequenceNumber long sequence,
      @org.axonframework.eventhandling.Timestamp Instant at) {
    jdbc.update(
        """
        INSERT INTO user_view (user_id, first_seen, last_seen, last_app_id, version)
        VALUES (?, ?, ?, ?, ?)
        ON CONFLICT (user_id) DO NOTHING
        """,
        event.userId(),
        Timestamp.from(at),
        Timestamp.from(at),
        event.appId(),
        sequence);
  }

  @EventHandler
  void on(
      UserSeenAgainEvent event,
      @SequenceNumber long sequence,
      @org.axonframework.eventhandling.Timestamp Instant at) {
    jdbc.update(
        "UPDATE user_view SET last_seen = ?, last_app_id = ?, version = ?"
            + " WHERE user_id = ? AND version < ?",
        Timestamp.from(at),
        event.appId(),
        sequence,
        event.userId(),
        sequence);
  }

  @ResetHandler
  void reset() {
    jdbc.execute("TRUNCATE TABLE user_view");
  }
}
