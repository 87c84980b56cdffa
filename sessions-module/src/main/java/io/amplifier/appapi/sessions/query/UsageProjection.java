package io.amplifier.appapi.sessions.query;

import io.amplifier.appapi.sessions.api.SessionUsageRecordedEvent;
import java.sql.Timestamp;
import java.time.Instant;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.ResetHandler;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Projects provider calls' token usage into {@code usage_calls}, one row per event (so a replay or
 * a redelivery writes nothing twice), asynchronously: {@code GET /usage} may lag the calls by the
 * processor's delay; budgets never read this view (ADR 26).
 */
@Component
@ProcessingGroup(UsageProjection.NAME)
class UsageProjection {

  /** The processing group, and the name the view is rebuilt by. */
  static final String NAME = "usage";

  private final JdbcTemplate jdbc;

  UsageProjection(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  @EventHandler
  void on(
      SessionUsageRecordedEvent e,
      EventMessage<?> message,
      @org.axonframework.eventhandling.Timestamp Instant at) {
    jdbc.update(
        """
        INSERT INTO usage_calls (event_id, at, session_id, turn_id, user_id, app_id, config_id,
                                 provider, model, input_tokens, output_tokens, cached_tokens)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT (event_id) DO NOTHING
        """,
        message.getIdentifier(),
        Timestamp.from(at),
        e.sessionId().value(),
        e.turnId(),
        e.userId(),
        e.appId(),
        e.configId(),
        e.provider(),
        e.model(),
        e.inputTokens(),
        e.outputTokens(),
        e.cachedTokens());
  }

  @ResetHandler
  void reset() {
    jdbc.execute("TRUNCATE TABLE usage_calls");
  }
}
