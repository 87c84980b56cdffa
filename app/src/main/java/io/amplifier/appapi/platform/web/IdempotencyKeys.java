package io.amplifier.appapi.platform.web;

import io.amplifier.appapi.platform.operations.DaemonThreads;
import io.amplifier.appapi.platform.problems.IdempotencyConflictException;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The {@code idempotency_keys} table: per caller and key (kept as a hash, see {@link AnswerSeal}),
 * the hash of the first request and, once it ended, its recorded answer (sealed), the entity it is
 * about and whether that entity was deleted since. A key is claimed by an insert in the transaction
 * of the request's first command, so two racing duplicates cannot both append events; rows older
 * than {@code IDEMPOTENCY_TTL} (default 24 h) count as absent and are swept every minute in batches
 * until none is left.
 */
@Component
class IdempotencyKeys {

  /** The metadata keys under which a command carries the claim of its request. */
  static final String CALLER = "idempotencyCaller";

  static final String KEY = "idempotencyKey";
  static final String HASH = "idempotencyHash";
  static final String CLAIM = "idempotencyClaim";

  /** Rows one sweep statement deletes (its own short transaction). */
  static final int SWEEP_BATCH = 500;

  /** Statements of one sweep at most (a sweep that still finds old rows goes on a minute later). */
  static final int SWEEP_MAX_BATCHES = 2_000;

  private static final Logger log = LoggerFactory.getLogger(IdempotencyKeys.class);

  private final JdbcTemplate jdbc;
  private final long ttlSeconds;
  private final ScheduledExecutorService timer = DaemonThreads.scheduled("idempotency-sweep");

  IdempotencyKeys(JdbcTemplate jdbc, @Value("${IDEMPOTENCY_TTL:PT24H}") Duration ttl) {
    this.jdbc = jdbc;
    this.ttlSeconds = Math.max(1, ttl.toSeconds());
  }

  @PostConstruct
  void start() {
    timer.scheduleWithFixedDelay(this::sweepQuietly, 60, 60, TimeUnit.SECONDS);
  }

  @PreDestroy
  void stop() {
    timer.shutdownNow();
  }

  /** One live row. */
  record Row(
      String hash,
      boolean completed,
      int status,
      @Nullable String contentType,
      @Nullable String headers,
      byte @Nullable [] body,
      @Nullable String entity,
      boolean gone,
      boolean omitted) {}

  Optional<Row> find(String caller, String lookup) {
    return jdbc
        .query(
            "SELECT request_hash, completed_at IS NOT NULL AS completed, status, content_type,"
                + " headers::text AS headers, body, entity, gone, body_omitted FROM idempotency_keys"
                + " WHERE caller = ? AND idempotency_key = ?"
                + " AND created_at > now() - make_interval(secs => ?)",
            (rs, n) ->
                new Row(
                    rs.getString("request_hash"),
                    rs.getBoolean("completed"),
                    rs.getInt("status"),
                    rs.getString("content_type"),
                    rs.getString("headers"),
                    rs.getBytes("body"),
                    rs.getString("entity"),
                    rs.getBoolean("gone"),
                    rs.getBoolean("body_omitted")),
            caller,
            lookup,
            ttlSeconds)
        .stream()
        .findFirst();
  }

  /**
   * Claims the key inside the current (command) transaction; an expired row is taken over. A live
   * row means a duplicate got there first: 409, and the command appends nothing.
   */
  void claim(Map<String, ?> metadata) {
    int inserted =
        jdbc.update(
            "INSERT INTO idempotency_keys (caller, idempotency_key, request_hash, claim_id)"
                + " VALUES (?, ?, ?, ?)"
                + " ON CONFLICT (caller, idempotency_key) DO UPDATE SET request_hash ="
                + " excluded.request_hash, claim_id = excluded.claim_id, created_at = now(),"
                + " completed_at = NULL, status = NULL, content_type = NULL, headers = NULL,"
                + " body = NULL, entity = NULL, gone = false, body_omitted = false"
                + " WHERE idempotency_keys.created_at <= now() - make_interval(secs => ?)",
            metadata.get(CALLER),
            metadata.get(KEY),
            metadata.get(HASH),
            metadata.get(CLAIM),
            ttlSeconds);
    if (inserted == 0) {
      throw inProgress();
    }
  }

  /**
   * Records the answer of the request that holds {@code claimId}: {@code sealed} null when it was
   * too large to keep ({@code body_omitted}).
   */
  void complete(
      String claimId,
      int status,
      @Nullable String contentType,
      String headers,
      @Nullable String entity,
      byte @Nullable [] sealed) {
    jdbc.update(
        "UPDATE idempotency_keys SET completed_at = now(), status = ?, content_type = ?,"
            + " headers = ?::jsonb, entity = ?, body = ?, body_omitted = ? WHERE claim_id = ?",
        status,
        contentType,
        headers,
        entity,
        sealed,
        sealed == null,
        claimId);
  }

  /**
   * Erases the recorded answers about {@code entity}, in the transaction that deletes it; their
   * retries get 410 from now on.
   */
  void forget(String entity) {
    jdbc.update(
        "UPDATE idempotency_keys SET body = NULL, headers = NULL, gone = true WHERE entity = ?",
        entity);
  }

  static IdempotencyConflictException inProgress() {
    return new IdempotencyConflictException();
  }

  /**
   * Deletes every expired row, {@value #SWEEP_BATCH} per statement (each its own transaction,
   * skipping rows another node is deleting), until none is left or {@value #SWEEP_MAX_BATCHES}
   * statements ran; answers how many went.
   */
  int sweep() {
    int total = 0;
    for (int i = 0; i < SWEEP_MAX_BATCHES; i++) {
      int swept =
          jdbc.update(
              "DELETE FROM idempotency_keys WHERE claim_id IN (SELECT claim_id FROM"
                  + " idempotency_keys WHERE created_at <= now() - make_interval(secs => ?)"
                  + " LIMIT ? FOR UPDATE SKIP LOCKED)",
              ttlSeconds,
              SWEEP_BATCH);
      total += swept;
      if (swept < SWEEP_BATCH) {
        break;
      }
    }
    return total;
  }

  private void sweepQuietly() {
    try {
      int swept = sweep();
      if (swept > 0) {
        log.debug("Swept {} expired idempotency keys", swept);
      }
    } catch (RuntimeException e) {
      log.warn("Could not sweep idempotency keys: {}", e.toString());
    }
  }
}
