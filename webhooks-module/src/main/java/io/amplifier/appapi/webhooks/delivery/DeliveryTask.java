package io.amplifier.appapi.webhooks.delivery;

import com.github.kagkarlsson.scheduler.SchedulerName;
import com.github.kagkarlsson.scheduler.boot.config.DbSchedulerCustomizer;
import com.github.kagkarlsson.scheduler.task.CompletionHandler;
import com.github.kagkarlsson.scheduler.task.Task;
import com.github.kagkarlsson.scheduler.task.TaskInstance;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import io.amplifier.appapi.configs.api.SecretSealing;
import io.amplifier.appapi.configs.api.SecretSealing.SealedSecret;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The {@code webhook-delivery} job: one db-scheduler task instance per delivery, named by its id.
 * db-scheduler picks each due instance on exactly one node (row lock, {@code picked_by}) and keeps
 * a heartbeat; an instance whose node died (no heartbeat for {@code missed-heartbeats-limit} ×
 * {@code heartbeat-interval}) is revived on another node, which sends the delivery again with the
 * same {@code webhook-id}. An execution first waits for the webhook's earlier pending deliveries of
 * the same lane (session, config or recipe): it moves itself behind them, and each finished
 * delivery wakes the next of its lane.
 */
@Configuration(proxyBeanMethods = false)
class DeliveryTask {

  static final String NAME = "webhook-delivery";

  /** This node's name in {@code picked_by} and the attempts: host name and a random suffix. */
  static final String NODE = nodeName();

  static TaskInstance<Void> instance(UUID deliveryId) {
    return new TaskInstance<>(NAME, deliveryId.toString());
  }

  @Bean
  Task<Void> webhookDeliveryTask(Sender sender) {
    return Tasks.custom(NAME, Void.class)
        .onDeadExecutionRevive()
        .onFailureReschedule(FixedDelay.ofSeconds(30))
        .execute((instance, context) -> sender.run(UUID.fromString(instance.getId())));
  }

  /** Names the scheduler by {@link #NODE}, so two nodes on one host are told apart. */
  @Bean
  DbSchedulerCustomizer webhookSchedulerName() {
    return new DbSchedulerCustomizer() {
      @Override
      public Optional<SchedulerName> schedulerName() {
        return Optional.of(new SchedulerName.Fixed(NODE));
      }
    };
  }

  private static String nodeName() {
    String host;
    try {
      host = InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      host = "node";
    }
    return host + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  /** Sends one delivery and decides what becomes of its job. */
  @org.springframework.stereotype.Component
  static class Sender {

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final SecretSealing sealing;
    private final WebhookHttp http;
    private final WebhookSettings settings;
    private final Deliveries deliveries;
    private final WebhookMeters meters;

    Sender(
        JdbcTemplate jdbc,
        TransactionTemplate tx,
        SecretSealing sealing,
        WebhookHttp http,
        WebhookSettings settings,
        Deliveries deliveries,
        WebhookMeters meters) {
      this.jdbc = jdbc;
      this.tx = tx;
      this.sealing = sealing;
      this.http = http;
      this.settings = settings;
      this.deliveries = deliveries;
      this.meters = meters;
    }

    private record Due(
        UUID webhookId,
        String eventId,
        String lane,
        long position,
        String payload,
        int attempts,
        int generation,
        Instant createdAt,
        @Nullable Instant firstAttemptAt,
        @Nullable String url,
        @Nullable SealedSecret secret) {}

    CompletionHandler<Void> run(UUID deliveryId) {
      List<Due> rows =
          jdbc.query(
              "SELECT d.webhook_id, d.event_id, d.lane, d.position, d.payload, d.attempts,"
                  + " d.generation, d.created_at, d.first_attempt_at, w.url, w.master_key_id, w.wrapped_key,"
                  + " w.sealed_secret FROM webhook_deliveries d"
                  + " LEFT JOIN webhooks w ON w.webhook_id = d.webhook_id"
                  + " WHERE d.delivery_id = ? AND d.status = 'pending'",
              (rs, n) -> {
                Timestamp first = rs.getTimestamp("first_attempt_at");
                String url = rs.getString("url");
                return new Due(
                    rs.getObject("webhook_id", UUID.class),
                    rs.getString("event_id"),
                    rs.getString("lane"),
                    rs.getLong("position"),
                    rs.getString("payload"),
                    rs.getInt("attempts"),
                    rs.getInt("generation"),
                    rs.getTimestamp("created_at").toInstant(),
                    first == null ? null : first.toInstant(),
                    url,
                    url == null
                        ? null
                        : new SealedSecret(
                            rs.getString("master_key_id"),
                            rs.getString("wrapped_key"),
                            rs.getString("sealed_secret")));
              },
              deliveryId);
      if (rows.isEmpty()) {
        return remove();
      }
      Due due = rows.get(0);
      String url = due.url();
      SealedSecret sealed = due.secret();
      if (url == null || sealed == null) {
        return finish(deliveryId, due, "failed", "the webhook was deleted");
      }
      List<Timestamp> earlier =
          jdbc.queryForList(
              "SELECT next_attempt_at FROM webhook_deliveries WHERE webhook_id = ? AND lane = ?"
                  + " AND status = 'pending' AND position < ? ORDER BY position LIMIT 1",
              Timestamp.class,
              due.webhookId(),
              due.lane(),
              due.position());
      if (!earlier.isEmpty()) {
        Instant now = Instant.now();
        Timestamp next = earlier.get(0);
        Instant wait = next == null || next.toInstant().isBefore(now) ? now : next.toInstant();
        return reschedule(wait.plusSeconds(1));
      }
      Optional<String> secret = sealing.open(sealed);
      if (secret.isEmpty()) {
        return finish(deliveryId, due, "failed", "the webhook's secret cannot be opened");
      }
      return attempt(deliveryId, due, url, secret.get());
    }

    private CompletionHandler<Void> attempt(UUID deliveryId, Due due, String url, String secret) {
      Instant started = Instant.now();
      long timestamp = started.getEpochSecond();
      Map<String, String> headers = new LinkedHashMap<>();
      headers.put("webhook-id", due.eventId());
      headers.put("webhook-timestamp", Long.toString(timestamp));
      headers.put(
          "webhook-signature",
          WebhookSignature.sign(secret, due.eventId(), timestamp, due.payload()));
      WebhookHttp.Outcome outcome = http.post(url, headers, due.payload());
      int attempt = due.attempts() + 1;
      Instant first = due.firstAttemptAt() == null ? started : due.firstAttemptAt();
      Instant now = Instant.now();
      String status;
      @Nullable Instant next = null;
      if (outcome.delivered()) {
        status = Deliveries.DELIVERED;
        meters.delivered(outcome.latencyMillis(), Duration.between(due.createdAt(), now));
      } else if (Duration.between(first, now).compareTo(settings.retryFor()) >= 0) {
        status = Deliveries.FAILED;
        meters.failed();
      } else {
        status = Deliveries.PENDING;
        next = now.plus(settings.backoff(attempt));
        meters.retried(outcome.latencyMillis());
      }
      String error =
          outcome.delivered()
              ? null
              : outcome.error() != null
                  ? outcome.error()
                  : "the receiver answered " + outcome.status();
      String finalStatus = status;
      Instant nextTry = next;
      Boolean current =
          tx.execute(
              t -> {
                jdbc.update(
                    "INSERT INTO webhook_delivery_attempts (delivery_id, attempt, started_at, node,"
                        + " response_code, latency_ms, error) VALUES (?, ?, ?, ?, ?, ?, ?)"
                        + " ON CONFLICT (delivery_id, attempt) DO NOTHING",
                    deliveryId,
                    attempt,
                    Timestamp.from(started),
                    NODE,
                    outcome.status(),
                    (int) outcome.latencyMillis(),
                    error);
                return 1
                    == jdbc.update(
                        "UPDATE webhook_deliveries SET status = ?, attempts = ?, response_code = ?,"
                            + " latency_ms = ?, last_error = ?, first_attempt_at = ?, last_attempt_at = ?,"
                            + " next_attempt_at = ? WHERE delivery_id = ? AND generation = ?",
                        finalStatus,
                        attempt,
                        outcome.status(),
                        (int) outcome.latencyMillis(),
                        error,
                        Timestamp.from(first),
                        Timestamp.from(started),
                        nextTry == null ? null : Timestamp.from(nextTry),
                        deliveryId,
                        due.generation());
              });
      if (!Boolean.TRUE.equals(current)) {
        // redelivered while this attempt ran: the redelivery's attempt comes next
        return reschedule(Instant.now());
      }
      if (nextTry != null) {
        return reschedule(nextTry);
      }
      wakeNext(due);
      prune(due.webhookId());
      return removeUnlessRedelivered(deliveryId);
    }

    private CompletionHandler<Void> finish(UUID deliveryId, Due due, String status, String why) {
      jdbc.update(
          "UPDATE webhook_deliveries SET status = ?, last_error = ?, next_attempt_at = NULL"
              + " WHERE delivery_id = ?",
          status,
          why,
          deliveryId);
      meters.failed();
      wakeNext(due);
      return remove();
    }

    /** Wakes the lane's next pending delivery, which waited for this one. */
    private void wakeNext(Due due) {
      List<UUID> next =
          jdbc.queryForList(
              "SELECT delivery_id FROM webhook_deliveries WHERE webhook_id = ? AND lane = ?"
                  + " AND status = 'pending' ORDER BY position LIMIT 1",
              UUID.class,
              due.webhookId(),
              due.lane());
      if (!next.isEmpty()) {
        deliveries.wake(next.get(0), Instant.now());
      }
    }

    /** Keeps the webhook's newest {@code WEBHOOK_DELIVERIES_KEPT} finished deliveries. */
    private void prune(UUID webhookId) {
      jdbc.update(
          "DELETE FROM webhook_deliveries WHERE delivery_id IN (SELECT delivery_id FROM"
              + " webhook_deliveries WHERE webhook_id = ? AND status <> 'pending'"
              + " ORDER BY position DESC, created_at DESC OFFSET ?)",
          webhookId,
          settings.deliveriesKept());
    }

    /** Ends the job, unless the delivery was made pending again meanwhile (a redelivery). */
    private CompletionHandler<Void> removeUnlessRedelivered(UUID deliveryId) {
      return (complete, operations) -> {
        Integer pending =
            jdbc.queryForObject(
                "SELECT count(*) FROM webhook_deliveries WHERE delivery_id = ?"
                    + " AND status = 'pending'",
                Integer.class,
                deliveryId);
        if (pending != null && pending > 0) {
          operations.reschedule(complete, Instant.now());
        } else {
          operations.remove();
        }
      };
    }

    private static CompletionHandler<Void> remove() {
      return (complete, operations) -> operations.remove();
    }

    private static CompletionHandler<Void> reschedule(Instant at) {
      return (complete, operations) -> operations.reschedule(complete, at);
    }
  }
}
