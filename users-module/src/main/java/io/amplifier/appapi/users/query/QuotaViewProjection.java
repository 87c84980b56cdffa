package io.amplifier.appapi.users.query;

import io.amplifier.appapi.platform.api.ProjectionCommits;
import io.amplifier.appapi.users.api.ApplicationDeletedEvent;
import io.amplifier.appapi.users.api.ApplicationQuotaSetEvent;
import io.amplifier.appapi.users.api.TokenBudget;
import io.amplifier.appapi.users.api.UserQuotaSetEvent;
import java.sql.Timestamp;
import java.time.Instant;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Projects budget events into {@code token_quota}, inline (in the command's transaction), so the
 * next provider call is held to the budget just set. A removed budget, or a deleted application's,
 * has no row.
 */
@Component
@ProcessingGroup("quota-view")
class QuotaViewProjection {

  private final JdbcTemplate jdbc;
  private final ProjectionCommits updates;

  QuotaViewProjection(JdbcTemplate jdbc, ProjectionCommits updates) {
    this.jdbc = jdbc;
    this.updates = updates;
  }

  @EventHandler
  void on(
      ApplicationQuotaSetEvent event,
      @SequenceNumber long sequence,
      @org.axonframework.eventhandling.Timestamp Instant at) {
    set(TokenBudget.APPLICATION, event.appId(), event.monthlyTokens(), sequence, at);
  }

  @EventHandler
  void on(
      UserQuotaSetEvent event,
      @SequenceNumber long sequence,
      @org.axonframework.eventhandling.Timestamp Instant at) {
    set(TokenBudget.USER, event.userId(), event.monthlyTokens(), sequence, at);
  }

  @EventHandler
  void on(
      ApplicationDeletedEvent event,
      @SequenceNumber long sequence,
      @org.axonframework.eventhandling.Timestamp Instant at) {
    set(TokenBudget.APPLICATION, event.appId(), null, sequence, at);
  }

  private void set(String kind, String subject, @Nullable Long tokens, long sequence, Instant at) {
    if (tokens == null) {
      jdbc.update(
          "DELETE FROM token_quota WHERE subject_kind = ? AND subject_id = ? AND version < ?",
          kind,
          subject,
          sequence);
    } else {
      jdbc.update(
          """
          INSERT INTO token_quota (subject_kind, subject_id, monthly_tokens, updated_at, version)
          VALUES (?, ?, ?, ?, ?)
          ON CONFLICT (subject_kind, subject_id) DO UPDATE SET
              monthly_tokens = EXCLUDED.monthly_tokens, updated_at = EXCLUDED.updated_at,
              version = EXCLUDED.version
          WHERE token_quota.version < EXCLUDED.version
          """,
          kind,
          subject,
          tokens,
          Timestamp.from(at),
          sequence);
    }
    updates.signalAfterCommit();
  }

  @ResetHandler
  void reset() {
    jdbc.execute("TRUNCATE TABLE token_quota");
  }
}
