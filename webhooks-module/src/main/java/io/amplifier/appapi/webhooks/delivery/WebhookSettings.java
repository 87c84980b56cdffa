package io.amplifier.appapi.webhooks.delivery;

import java.time.Duration;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * The webhooks' limits and retry schedule, read once: {@code WEBHOOKS_MAX_PER_USER} (20), {@code
 * WEBHOOKS_MAX_PER_APPLICATION} (100), {@code WEBHOOK_URL_MAX_LENGTH} (2048), {@code
 * WEBHOOK_DELIVERIES_KEPT} per webhook (1000), {@code WEBHOOK_TIMEOUT} of one attempt (10s), and
 * the back-off: the first retry after {@code WEBHOOK_RETRY_BASE} (5s), each next one twice as late
 * up to {@code WEBHOOK_RETRY_MAX_INTERVAL} (1h), for {@code WEBHOOK_RETRY_FOR} (24h) after the
 * first attempt.
 */
@Component
public final class WebhookSettings {

  private final int maxPerUser;
  private final int maxPerApplication;
  private final int urlMaxLength;
  private final int deliveriesKept;
  private final Duration timeout;
  private final Duration retryBase;
  private final Duration retryMaxInterval;
  private final Duration retryFor;

  WebhookSettings(Environment env) {
    maxPerUser = env.getProperty("WEBHOOKS_MAX_PER_USER", Integer.class, 20);
    maxPerApplication = env.getProperty("WEBHOOKS_MAX_PER_APPLICATION", Integer.class, 100);
    urlMaxLength = env.getProperty("WEBHOOK_URL_MAX_LENGTH", Integer.class, 2048);
    deliveriesKept = env.getProperty("WEBHOOK_DELIVERIES_KEPT", Integer.class, 1000);
    timeout = duration(env, "WEBHOOK_TIMEOUT", "10s");
    retryBase = duration(env, "WEBHOOK_RETRY_BASE", "5s");
    retryMaxInterval = duration(env, "WEBHOOK_RETRY_MAX_INTERVAL", "1h");
    retryFor = duration(env, "WEBHOOK_RETRY_FOR", "24h");
  }

  private static Duration duration(Environment env, String name, String fallback) {
    return DurationStyle.detectAndParse(env.getProperty(name, fallback));
  }

  public int maxPerUser() {
    return maxPerUser;
  }

  public int maxPerApplication() {
    return maxPerApplication;
  }

  public int urlMaxLength() {
    return urlMaxLength;
  }

  int deliveriesKept() {
    return deliveriesKept;
  }

  Duration timeout() {
    return timeout;
  }

  Duration retryFor() {
    return retryFor;
  }

  /** How long after attempt {@code attempts} (1 = the first) the next one waits. */
  Duration backoff(int attempts) {
    long base = Math.max(1, retryBase.toMillis());
    int doublings = Math.min(Math.max(0, attempts - 1), 30);
    double millis = (double) base * (1L << doublings);
    return Duration.ofMillis((long) Math.min(millis, (double) retryMaxInterval.toMillis()));
  }
}
