package io.amplifier.appapi.platform.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.amplifier.appapi.ApiTest;
import io.amplifier.appapi.sessions.runtime.TurnStreams;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * One clean-up cycle removes everything past its retention, however much piled up: more old turn
 * streams and idempotency rows than a single bounded batch deletes.
 */
@ApiTest
class StorageSweepTest {

  @Autowired JdbcTemplate jdbc;
  @Autowired TurnStreams turnStreams;
  @Autowired IdempotencyKeys idempotencyKeys;

  @Test
  void shouldSweepEveryFinishedTurnStreamPastRetentionInOneCycle() {
    String prefix = "sweep-" + UUID.randomUUID().toString().substring(0, 8) + "-";
    UUID session = UUID.randomUUID();
    jdbc.update(
        "INSERT INTO session_turn_streams (turn_id, session_id, created_at, ended_at)"
            + " SELECT ? || 'old-' || i, ?, now() - interval '2 days', now() - interval '2 days'"
            + " FROM generate_series(1, 5000) i",
        prefix,
        session);
    jdbc.update(
        "INSERT INTO session_turn_streams (turn_id, session_id, created_at, ended_at) VALUES"
            + " (? || 'fresh', ?, now(), now()),"
            + " (? || 'running', ?, now(), NULL),"
            + " (? || 'orphan', ?, now() - interval '2 days', NULL)",
        prefix,
        session,
        prefix,
        session,
        prefix,
        session);
    jdbc.update(
        "INSERT INTO session_turn_events (session_id, turn_id, seq, type, data, created_at)"
            + " SELECT session_id, turn_id, s, 'content_block:delta', '{\"type\":\"content_block:delta\"}',"
            + " created_at FROM session_turn_streams, generate_series(1, 2) s"
            + " WHERE turn_id LIKE ? || '%'",
        prefix);
    assertThat(eventsOf(prefix)).isEqualTo(2 * 5003);

    turnStreams.sweep();

    assertThat(
            jdbc.queryForList(
                "SELECT turn_id FROM session_turn_streams WHERE turn_id LIKE ? || '%'"
                    + " ORDER BY turn_id",
                String.class, prefix))
        .containsExactly(prefix + "fresh", prefix + "running");
    assertThat(eventsOf(prefix)).isEqualTo(4);
  }

  @Test
  void shouldSweepEveryExpiredIdempotencyKeyInOneCycle() {
    String caller = "sweep|" + UUID.randomUUID();
    jdbc.update(
        "INSERT INTO idempotency_keys (caller, idempotency_key, request_hash, claim_id,"
            + " created_at, completed_at, status, body)"
            + " SELECT ?, 'k' || i, 'h', ? || i, now() - interval '2 days',"
            + " now() - interval '2 days', 201, '\\x00'::bytea FROM generate_series(1, 5000) i",
        caller,
        caller);
    jdbc.update(
        "INSERT INTO idempotency_keys (caller, idempotency_key, request_hash, claim_id)"
            + " VALUES (?, 'fresh', 'h', ? || 'fresh')",
        caller,
        caller);

    assertThat(idempotencyKeys.sweep()).isGreaterThanOrEqualTo(5000);

    assertThat(
            jdbc.queryForList(
                "SELECT idempotency_key FROM idempotency_keys WHERE caller = ?",
                String.class,
                caller))
        .containsExactly("fresh");
  }

  private long eventsOf(String prefix) {
    return jdbc.queryForObject(
        "SELECT count(*) FROM session_turn_events WHERE turn_id LIKE ? || '%'", Long.class, prefix);
  }
}
