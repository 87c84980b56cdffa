package io.amplifier.appapi.users.query;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.amplifier.appapi.platform.api.ProjectionCommits;
import io.amplifier.appapi.users.api.ApplicationDeletedEvent;
import io.amplifier.appapi.users.api.ApplicationKeyRegeneratedEvent;
import io.amplifier.appapi.users.api.ApplicationRegisteredEvent;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Projects application events into {@code application_view}; idempotent by the sequence number each
 * row keeps, and built only from event values so a rebuild reproduces it. Every change also drops
 * the application's remembered key on this node ({@link ApiKeys#forget}, before and after the
 * commit) and, through a {@code NOTIFY} sent in the same transaction, on every other node.
 */
@Component
@ProcessingGroup("application-view")
class ApplicationViewProjection {

  private final JdbcTemplate jdbc;
  private final ObjectMapper json;
  private final ProjectionCommits updates;
  private final ApiKeys keys;

  ApplicationViewProjection(
      JdbcTemplate jdbc, ObjectMapper json, ProjectionCommits updates, ApiKeys keys) {
    this.jdbc = jdbc;
    this.json = json;
    this.updates = updates;
    this.keys = keys;
  }

  /**
   * Drops the application's remembered keys now, again once the transaction ends (a request that
   * read the old row meanwhile is dropped by {@link ApiKeys}' epoch), and on the other nodes by a
   * NOTIFY that PostgreSQL delivers only if this transaction commits.
   */
  private void changed(String appId) {
    keys.forget(appId);
    jdbc.queryForList("SELECT pg_notify(?, ?)", ApplicationChangeListener.CHANNEL, appId);
    if (TransactionSynchronizationManager.isSynchronizationActive()) {
      TransactionSynchronizationManager.registerSynchronization(
          new TransactionSynchronization() {
            @Override
            public void afterCommit() {
              keys.forget(appId); // before the commit signal below wakes waiting readers
            }

            @Override
            public void afterCompletion(int status) {
              keys.forget(appId);
            }
          });
    }
  }

  @EventHandler
  void on(
      ApplicationRegisteredEvent event,
      @SequenceNumber long sequence,
      @org.axonframework.eventhandling.Timestamp Instant at)
      throws JsonProcessingException {
    jdbc.update(
        """
        INSERT INTO application_view (app_id, app_name, key_prefix, key_hash, admin, settings,
                                      created_at, updated_at, deleted, version, jwks_url,
                                      public_key)
        VALUES (?, ?, ?, ?, ?, ?::jsonb, ?, ?, false, ?, ?, ?)
        ON CONFLICT (app_id) DO UPDATE SET
            app_name = EXCLUDED.app_name, key_prefix = EXCLUDED.key_prefix,
            key_hash = EXCLUDED.key_hash, admin = EXCLUDED.admin, settings = EXCLUDED.settings,
            created_at = EXCLUDED.created_at, updated_at = EXCLUDED.updated_at,
            deleted = false, version = EXCLUDED.version, jwks_url = EXCLUDED.jwks_url,
            public_key = EXCLUDED.public_key
        WHERE application_view.version < EXCLUDED.version
        """,
        event.appId(),
        event.appName(),
        event.keyPrefix(),
        event.keyHash(),
        event.admin(),
        json.writeValueAsString(event.settings()),
        Timestamp.from(at),
        Timestamp.from(at),
        sequence,
        event.jwksUrl(),
        event.publicKey());
    changed(event.appId());
    updates.signalAfterCommit();
  }

  @EventHandler
  void on(
      ApplicationKeyRegeneratedEvent event,
      @SequenceNumber long sequence,
      @org.axonframework.eventhandling.Timestamp Instant at) {
    update(
        event.appId(),
        sequence,
        at,
        "key_prefix = ?, key_hash = ?",
        event.keyPrefix(),
        event.keyHash());
  }

  @EventHandler
  void on(
      ApplicationDeletedEvent event,
      @SequenceNumber long sequence,
      @org.axonframework.eventhandling.Timestamp Instant at) {
    update(event.appId(), sequence, at, "deleted = true");
  }

  /** Sets {@code set} (with {@code values}) on the application's row unless it is already newer. */
  private void update(String appId, long sequence, Instant at, String set, Object... values) {
    List<Object> args = new ArrayList<>(Arrays.asList(values));
    args.addAll(List.of(Timestamp.from(at), sequence, appId, sequence));
    jdbc.update(
        "UPDATE application_view SET "
            + set
            + ", updated_at = ?, version = ? WHERE app_id = ? AND version < ?",
        args.toArray());
    changed(appId);
    updates.signalAfterCommit();
  }

  @ResetHandler
  void reset() {
    jdbc.execute("TRUNCATE TABLE application_view");
  }
}
