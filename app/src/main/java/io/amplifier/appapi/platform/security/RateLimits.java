package io.amplifier.appapi.platform.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Token buckets (Bucket4j) per user and per application for requests and for turns, and per API key
 * prefix and per client address for failed authentications. They live in this node's memory: with N
 * nodes a caller gets up to N times the limit (README, "Security"). Buckets are kept in bounded
 * caches, so a flood of new names cannot grow the heap without bound. Each refusal is counted in
 * {@code amplifier.rate.limit.refusals}, tagged with the {@code limit} that refused it ({@code
 * user_requests}, {@code app_requests}, {@code user_turns}, {@code app_turns}, {@code
 * auth_failures}).
 */
@Component
class RateLimits {

  /** What a refused caller must wait, rounded up to whole seconds. */
  record Refusal(long retryAfterSeconds) {}

  private final long requestsPerMinute;
  private final long appRequestsPerMinute;
  private final long turnsPerMinute;
  private final long appTurnsPerMinute;
  private final long authFailuresPerMinute;
  private final boolean throttleLoopback;
  private final Counter userRequestsRefused;
  private final Counter appRequestsRefused;
  private final Counter userTurnsRefused;
  private final Counter appTurnsRefused;
  private final Counter authFailuresRefused;

  private final Cache<String, Bucket> buckets =
      Caffeine.newBuilder().maximumSize(200_000).expireAfterAccess(Duration.ofMinutes(5)).build();

  RateLimits(Environment env, MeterRegistry meters) {
    this.requestsPerMinute = env.getProperty("RATE_LIMIT_REQUESTS_PER_MINUTE", Long.class, 6_000L);
    this.appRequestsPerMinute =
        env.getProperty("RATE_LIMIT_APP_REQUESTS_PER_MINUTE", Long.class, requestsPerMinute * 10);
    this.turnsPerMinute = env.getProperty("RATE_LIMIT_TURNS_PER_MINUTE", Long.class, 600L);
    this.appTurnsPerMinute =
        env.getProperty("RATE_LIMIT_APP_TURNS_PER_MINUTE", Long.class, turnsPerMinute * 10);
    this.authFailuresPerMinute = env.getProperty("AUTH_FAILURES_PER_MINUTE", Long.class, 30L);
    this.throttleLoopback = env.getProperty("AUTH_THROTTLE_LOOPBACK", Boolean.class, false);
    this.userRequestsRefused = refusals(meters, "user_requests");
    this.appRequestsRefused = refusals(meters, "app_requests");
    this.userTurnsRefused = refusals(meters, "user_turns");
    this.appTurnsRefused = refusals(meters, "app_turns");
    this.authFailuresRefused = refusals(meters, "auth_failures");
  }

  private static Counter refusals(MeterRegistry meters, String limit) {
    return Counter.builder("amplifier.rate.limit.refusals")
        .description("Requests this node refused with a 429 because a rate limit was spent")
        .tag("limit", limit)
        .register(meters);
  }

  /** One request by {@code userId} through {@code appId}; empty when allowed. */
  Optional<Refusal> request(String userId, String appId) {
    return both(
        "req-user:" + userId,
        requestsPerMinute,
        userRequestsRefused,
        "req-app:" + appId,
        appRequestsPerMinute,
        appRequestsRefused);
  }

  /** One turn (a message sent to a model) by {@code userId} through {@code appId}. */
  Optional<Refusal> turn(String userId, String appId) {
    return both(
        "turn-user:" + userId,
        turnsPerMinute,
        userTurnsRefused,
        "turn-app:" + appId,
        appTurnsPerMinute,
        appTurnsRefused);
  }

  /**
   * Whether authentications from {@code address} or with a key starting {@code keyPrefix} (may be
   * null) are refused for now, having failed too often; consumes nothing.
   */
  Optional<Refusal> authBlocked(String address, @Nullable String keyPrefix) {
    Optional<Refusal> byAddress =
        throttled(address) ? exhausted("auth-addr:" + address) : Optional.empty();
    if (byAddress.isPresent() || keyPrefix == null) {
      return byAddress;
    }
    return exhausted("auth-key:" + keyPrefix);
  }

  /**
   * Counts a refusal {@link #authBlocked} decided (only the authentication filter knows: a key that
   * already passed on this node is never throttled).
   */
  void authRefused() {
    authFailuresRefused.increment();
  }

  /** Counts one failed authentication against {@code address} and {@code keyPrefix}. */
  void authFailed(String address, @Nullable String keyPrefix) {
    if (authFailuresPerMinute <= 0) {
      return;
    }
    if (throttled(address)) {
      bucket("auth-addr:" + address, authFailuresPerMinute).tryConsume(1);
    }
    if (keyPrefix != null) {
      bucket("auth-key:" + keyPrefix, authFailuresPerMinute).tryConsume(1);
    }
  }

  /**
   * Loopback callers are not throttled by address unless {@code AUTH_THROTTLE_LOOPBACK=true}: they
   * are the operator's own tools, or a local proxy whose callers all share one address.
   */
  private boolean throttled(String address) {
    return throttleLoopback
        || !(address.startsWith("127.")
            || address.equals("::1")
            || address.equals("0:0:0:0:0:0:0:1"));
  }

  private Optional<Refusal> exhausted(String name) {
    if (authFailuresPerMinute <= 0) {
      return Optional.empty();
    }
    Bucket bucket = buckets.getIfPresent(name);
    if (bucket == null || bucket.getAvailableTokens() > 0) {
      return Optional.empty();
    }
    return Optional.of(refusal(bucket.estimateAbilityToConsume(1).getNanosToWaitForRefill()));
  }

  private Optional<Refusal> both(
      String first,
      long firstLimit,
      Counter firstRefused,
      String second,
      long secondLimit,
      Counter secondRefused) {
    Optional<Refusal> refused = take(first, firstLimit);
    if (refused.isPresent()) {
      firstRefused.increment();
      return refused;
    }
    refused = take(second, secondLimit);
    if (refused.isPresent()) {
      secondRefused.increment();
    }
    return refused;
  }

  private Optional<Refusal> take(String name, long perMinute) {
    if (perMinute <= 0) {
      return Optional.empty();
    }
    ConsumptionProbe probe = bucket(name, perMinute).tryConsumeAndReturnRemaining(1);
    return probe.isConsumed()
        ? Optional.empty()
        : Optional.of(refusal(probe.getNanosToWaitForRefill()));
  }

  private Bucket bucket(String name, long perMinute) {
    return buckets.get(
        name,
        n ->
            Bucket.builder()
                .addLimit(
                    Bandwidth.builder()
                        .capacity(Math.max(1, perMinute))
                        .refillGreedy(Math.max(1, perMinute), Duration.ofMinutes(1))
                        .build())
                .build());
  }

  private static Refusal refusal(long nanos) {
    return new Refusal(Math.max(1, (nanos + 999_999_999L) / 1_000_000_000L));
  }
}
