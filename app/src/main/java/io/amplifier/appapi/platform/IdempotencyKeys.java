package io.amplifier.appapi.platform;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ResponseStatusException;

/**
 * The {@code idempotency_keys} table: per caller and key, the hash of the first request and, once
 * it ended, its recorded answer. A key is claimed by an insert in the transaction of the request's
 * first command, so two racing duplicates cannot both append events; rows older than {@code
 * IDEMPOTENCY_TTL} (default 24 h) count as absent and are swept now and then.
 */
@Component
class IdempotencyKeys {

  /** The metadata keys under which a command carries the claim of its request. */
  static final String CALLER = "idempotencyCaller";

  static final String KEY = "idempotencyKey";
  static final String HASH = "idempotencyHash";
  static final String CLAIM = "idempotencyClaim";

  private static final long SWEEP_MILLIS = 600_000;

  private final JdbcTemplate jdbc;
  private final long ttlSeconds;
  private final AtomicLong lastSweep = new AtomicLong();

  IdempotencyKeys(JdbcTemplate jdbc, @Value("${IDEMPOTENCY_TTL:PT24H}") Duration ttl) {
    this.jdbc = jdbc;
    this.ttlSeconds = Math.max(1, ttl.toSeconds());
  }

  /** One live row. */
  record Row(
      String hash,
      boolean completed,
      int status,
      @Nullable String contentType,
      @Nullable String headers,
      byte @Nullable [] body) {}

  Optional<Row> find(String caller, String key) {
    sweepNowAndThen();
    return jdbc
        .query(
            "SELECT request_hash, completed_at IS NOT NULL AS completed, status, content_type,"
                + " headers::text AS headers, body FROM idempotency_keys"
                + " WHERE caller = ? AND idempotency_key = ?"
                + " AND created_at > now() - make_interval(secs => ?)",
            (rs, n) ->
                new Row(
                    rs.getString("request_hash"),
                    rs.getBoolean("completed"),
                    rs.getInt("status"),
                    rs.getString("content_type"),
                    rs.getString("headers"),
                    rs.getBytes("body")),
            caller,
            key,
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
                + " body = NULL"
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

  /** Records the answer of the request that holds {@code claimId}. */
  void complete(
      String claimId, int status, @Nullable String contentType, String headers, byte[] body) {
    jdbc.update(
        "UPDATE idempotency_keys SET completed_at = now(), status = ?, content_type = ?,"
            + " headers = ?::jsonb, body = ? WHERE claim_id = ?",
        status,
        contentType,
        headers,
        body,
        claimId);
  }

  /** Frees a claim whose answer could not be recorded (nothing to replay). */
  void release(String claimId) {
    jdbc.update(
        "DELETE FROM idempotency_keys WHERE claim_id = ? AND completed_at IS NULL", claimId);
  }

  static ResponseStatusException inProgress() {
    return new ResponseStatusException(
        HttpStatus.CONFLICT,
        "A request with this Idempotency-Key is in progress; retry when it has finished");
  }

  private void sweepNowAndThen() {
    long now = System.currentTimeMillis();
    long last = lastSweep.get();
    if (now - last > SWEEP_MILLIS && lastSweep.compareAndSet(last, now)) {
      jdbc.update(
          "DELETE FROM idempotency_keys WHERE created_at <= now() - make_interval(secs => ?)",
          ttlSeconds);
    }
  }
}
