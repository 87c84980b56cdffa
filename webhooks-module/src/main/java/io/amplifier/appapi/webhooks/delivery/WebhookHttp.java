package io.amplifier.appapi.webhooks.delivery;

import io.amplifier.appapi.sessions.api.OutboundGuard;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelOption;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.netty.ByteBufFlux;
import reactor.netty.http.client.HttpClient;

/**
 * Posts one signed delivery. Every connect passes the outbound policy through the sessions' guarded
 * resolver (checked again at each attempt, so a name that now resolves to a private address is
 * refused before a socket opens), redirects are not followed, and an attempt ends after {@code
 * WEBHOOK_TIMEOUT}. The receiver's body is read and dropped.
 */
@Component
class WebhookHttp {

  private final OutboundGuard guard;
  private final Duration timeout;
  private volatile @Nullable HttpClient client;

  WebhookHttp(OutboundGuard guard, WebhookSettings settings) {
    this.guard = guard;
    this.timeout = settings.timeout();
  }

  /** What one attempt came to: a status code, or the reason no answer came. */
  record Outcome(@Nullable Integer status, @Nullable String error, long latencyMillis) {
    boolean delivered() {
      return status != null && status >= 200 && status < 300;
    }
  }

  Outcome post(String url, Map<String, String> headers, String body) {
    long start = System.nanoTime();
    try {
      Integer status =
          client()
              .headers(
                  h -> {
                    headers.forEach(h::set);
                    h.set("Content-Type", "application/json");
                    h.set("User-Agent", "amplifier-app-api-webhooks");
                  })
              .post()
              .uri(url)
              .send(
                  ByteBufFlux.fromString(
                      Mono.just(body), StandardCharsets.UTF_8, ByteBufAllocator.DEFAULT))
              .responseSingle(
                  (response, content) -> content.then(Mono.just(response.status().code())))
              .block(timeout.plusSeconds(1));
      return new Outcome(status, status == null ? "no answer" : null, millisSince(start));
    } catch (RuntimeException e) {
      return new Outcome(null, reason(e), millisSince(start));
    }
  }

  private static long millisSince(long start) {
    return (System.nanoTime() - start) / 1_000_000;
  }

  /** The innermost message, short: e.g. the policy's "a private address", or a timeout. */
  private static String reason(Throwable e) {
    Throwable cause = e;
    while (cause.getCause() != null && cause.getCause() != cause) {
      cause = cause.getCause();
    }
    String text =
        cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    return text.length() > 300 ? text.substring(0, 300) : text;
  }

  private HttpClient client() {
    HttpClient known = client;
    if (known == null) {
      synchronized (this) {
        known = client;
        if (known == null) {
          known =
              HttpClient.create()
                  .resolver(guard.resolver())
                  .followRedirect(false)
                  .option(
                      ChannelOption.CONNECT_TIMEOUT_MILLIS,
                      (int) Math.min(timeout.toMillis(), 10_000))
                  .responseTimeout(timeout);
          client = known;
        }
      }
    }
    return known;
  }
}
