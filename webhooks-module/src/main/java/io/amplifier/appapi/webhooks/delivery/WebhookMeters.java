package io.amplifier.appapi.webhooks.delivery;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import org.springframework.stereotype.Component;

/**
 * The deliveries' meters: {@code webhook.deliveries.queued}, {@code webhook.delivery.attempts} (tag
 * {@code outcome}: delivered, retried, failed), {@code webhook.deliveries.redelivered}, the
 * receivers' answer time {@code webhook.delivery.latency}, and {@code webhook.delivery.lag}: from
 * the event to its successful delivery (its p99 is the benchmark's row).
 */
@Component
class WebhookMeters {

  private final Counter queued;
  private final Counter delivered;
  private final Counter retried;
  private final Counter failed;
  private final Counter redelivered;
  private final Timer latency;
  private final Timer lag;

  WebhookMeters(MeterRegistry registry) {
    queued = registry.counter("webhook.deliveries.queued");
    delivered = registry.counter("webhook.delivery.attempts", "outcome", "delivered");
    retried = registry.counter("webhook.delivery.attempts", "outcome", "retried");
    failed = registry.counter("webhook.delivery.attempts", "outcome", "failed");
    redelivered = registry.counter("webhook.deliveries.redelivered");
    latency =
        Timer.builder("webhook.delivery.latency").publishPercentileHistogram().register(registry);
    lag = Timer.builder("webhook.delivery.lag").publishPercentileHistogram().register(registry);
  }

  void queued() {
    queued.increment();
  }

  void redelivered() {
    redelivered.increment();
  }

  void delivered(long latencyMillis, Duration sinceEvent) {
    delivered.increment();
    latency.record(Duration.ofMillis(latencyMillis));
    lag.record(sinceEvent.isNegative() ? Duration.ZERO : sinceEvent);
  }

  void retried(long latencyMillis) {
    retried.increment();
    latency.record(Duration.ofMillis(latencyMillis));
  }

  void failed() {
    failed.increment();
  }
}
