package io.amplifier.appapi.webhooks.delivery;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * One delivery of one event to one webhook: {@code pending} (waiting for its try, or for the
 * webhook's earlier events of the same session), {@code delivered} or {@code failed} (its retries
 * ran out, or the webhook is gone); with its attempts when read alone.
 */
public record DeliveryView(
    UUID deliveryId,
    UUID webhookId,
    String eventId,
    String eventType,
    String status,
    int attempts,
    @Nullable Integer responseCode,
    @Nullable Integer latencyMs,
    @Nullable String lastError,
    Instant createdAt,
    @Nullable Instant lastAttemptAt,
    @Nullable Instant nextAttemptAt,
    List<Attempt> attemptLog) {

  /** One attempt: when, from which node, what the receiver answered (or why none came). */
  public record Attempt(
      int attempt,
      Instant startedAt,
      String node,
      @Nullable Integer responseCode,
      @Nullable Integer latencyMs,
      @Nullable String error) {}
}
