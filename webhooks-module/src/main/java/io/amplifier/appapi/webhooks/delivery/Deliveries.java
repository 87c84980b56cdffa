package io.amplifier.appapi.webhooks.delivery;

import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.task.TaskInstanceId;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.context.annotation.Lazy;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The deliveries table and its jobs: a delivery is a row here plus a db-scheduler task instance
 * (named by the delivery id) in {@code scheduled_tasks}, both written in the caller's transaction
 * (db-scheduler joins Spring's transaction through a transaction-aware DataSource), so an event's
 * deliveries and the processor's token commit together.
 */
@Component
public class Deliveries {

  static final String PENDING = "pending";
  static final String DELIVERED = "delivered";
  static final String FAILED = "failed";

  private static final String COLUMNS =
      "delivery_id, webhook_id, event_id, event_type, status, attempts, response_code,"
          + " latency_ms, last_error, created_at, last_attempt_at, next_attempt_at";

  private final JdbcTemplate jdbc;
  private final SchedulerClient scheduler;
  private final WebhookMeters meters;

  Deliveries(JdbcTemplate jdbc, @Lazy SchedulerClient scheduler, WebhookMeters meters) {
    this.jdbc = jdbc;
    this.scheduler = scheduler;
    this.meters = meters;
  }

  /**
   * Queues {@code eventId} for {@code webhookId} unless it is queued already (a redelivered batch);
   * the new delivery's id, or empty.
   */
  Optional<UUID> enqueue(
      UUID webhookId,
      String eventId,
      String eventType,
      String lane,
      long position,
      String payload,
      Instant at) {
    UUID id = UUID.randomUUID();
    List<UUID> made =
        jdbc.queryForList(
            "INSERT INTO webhook_deliveries (delivery_id, webhook_id, event_id, event_type, lane,"
                + " position, payload, status, created_at, next_attempt_at)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, 'pending', ?, ?)"
                + " ON CONFLICT (webhook_id, event_id) DO NOTHING RETURNING delivery_id",
            UUID.class,
            id,
            webhookId,
            eventId,
            eventType,
            lane,
            position,
            payload,
            Timestamp.from(at),
            Timestamp.from(at));
    if (made.isEmpty()) {
      return Optional.empty();
    }
    scheduler.scheduleIfNotExists(DeliveryTask.instance(id), at);
    meters.queued();
    return Optional.of(id);
  }

  /** A {@code webhook.test} delivery of its own (a lane of its own, so it waits for nothing). */
  public UUID enqueueTest(UUID webhookId, String payload, String eventId) {
    Instant now = Instant.now();
    return enqueue(webhookId, eventId, "webhook.test", "test:" + eventId, 0, payload, now)
        .orElseThrow();
  }

  /**
   * Sends delivery {@code deliveryId} of {@code webhookId} again, whatever became of it: pending
   * now, with a fresh 24 h of retries. False when there is no such delivery.
   */
  public boolean redeliver(UUID webhookId, UUID deliveryId) {
    Instant now = Instant.now();
    int changed =
        jdbc.update(
            "UPDATE webhook_deliveries SET status = 'pending', first_attempt_at = NULL,"
                + " generation = generation + 1, next_attempt_at = ?"
                + " WHERE webhook_id = ? AND delivery_id = ?",
            Timestamp.from(now),
            webhookId,
            deliveryId);
    if (changed == 0) {
      return false;
    }
    // its job may be finishing right now: then it sees the row pending again and stays
    for (int i = 0; i < 20; i++) {
      if (scheduler.scheduleIfNotExists(DeliveryTask.instance(deliveryId), now)
          || wake(deliveryId, now)) {
        break;
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    meters.redelivered();
    return true;
  }

  /** The webhook's deliveries, newest event first; {@code before} pages on by position. */
  public List<DeliveryView> list(UUID webhookId, int limit) {
    return jdbc.query(
        "SELECT "
            + COLUMNS
            + " FROM webhook_deliveries WHERE webhook_id = ?"
            + " ORDER BY position DESC, created_at DESC LIMIT ?",
        (rs, n) -> view(rs, List.of()),
        webhookId,
        limit);
  }

  public Optional<DeliveryView> find(UUID webhookId, UUID deliveryId) {
    List<DeliveryView.Attempt> attempts =
        jdbc.query(
            "SELECT attempt, started_at, node, response_code, latency_ms, error"
                + " FROM webhook_delivery_attempts WHERE delivery_id = ? ORDER BY attempt",
            (rs, n) ->
                new DeliveryView.Attempt(
                    rs.getInt("attempt"),
                    rs.getTimestamp("started_at").toInstant(),
                    rs.getString("node"),
                    integer(rs, "response_code"),
                    integer(rs, "latency_ms"),
                    rs.getString("error")),
            deliveryId);
    return jdbc
        .query(
            "SELECT "
                + COLUMNS
                + " FROM webhook_deliveries WHERE webhook_id = ? AND delivery_id = ?",
            (rs, n) -> view(rs, attempts),
            webhookId,
            deliveryId)
        .stream()
        .findFirst();
  }

  /** Moves the job of a waiting delivery to {@code at}; false when it runs right now. */
  boolean wake(UUID deliveryId, Instant at) {
    try {
      return scheduler.reschedule(TaskInstanceId.of(DeliveryTask.NAME, deliveryId.toString()), at);
    } catch (RuntimeException runningOrGone) {
      return false;
    }
  }

  private static DeliveryView view(ResultSet rs, List<DeliveryView.Attempt> attempts)
      throws SQLException {
    return new DeliveryView(
        rs.getObject("delivery_id", UUID.class),
        rs.getObject("webhook_id", UUID.class),
        rs.getString("event_id"),
        rs.getString("event_type"),
        rs.getString("status"),
        rs.getInt("attempts"),
        integer(rs, "response_code"),
        integer(rs, "latency_ms"),
        rs.getString("last_error"),
        rs.getTimestamp("created_at").toInstant(),
        instant(rs, "last_attempt_at"),
        PENDING.equals(rs.getString("status")) ? instant(rs, "next_attempt_at") : null,
        attempts);
  }

  private static @Nullable Integer integer(ResultSet rs, String column) throws SQLException {
    int value = rs.getInt(column);
    return rs.wasNull() ? null : value;
  }

  private static @Nullable Instant instant(ResultSet rs, String column) throws SQLException {
    Timestamp value = rs.getTimestamp(column);
    return value == null ? null : value.toInstant();
  }
}
