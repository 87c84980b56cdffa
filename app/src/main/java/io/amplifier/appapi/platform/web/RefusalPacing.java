package io.amplifier.appapi.platform.web;

import io.amplifier.appapi.platform.operations.DaemonThreads;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Sends every 429 (a rate limit, a per-user or per-application cap) {@code REFUSAL_DELAY_MILLIS}
 * late (500 ms by default, 0 = at once), on an async request, so no thread waits: a client that
 * ignores {@code Retry-After} and asks again in a closed loop is slowed to two refusals a second
 * per connection, instead of being refused as fast as the node can refuse, which costs the other
 * users the CPU (measured: one user's 32 looping turns past the turn cap took ×2.2 off everyone's
 * p99). The answer is already written, in the response buffer, when this filter holds it.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 3) // after EdgeFilter, which never answers 429
class RefusalPacing extends OncePerRequestFilter {

  private static final ScheduledExecutorService LATER = DaemonThreads.scheduled("refusal-pacing");

  private final long delayMillis;

  RefusalPacing(@Value("${REFUSAL_DELAY_MILLIS:500}") long delayMillis) {
    this.delayMillis = delayMillis;
  }

  /**
   * Holds back the flushes of a 429 answer (message converters flush what they wrote), so that it
   * stays in the buffer, uncommitted, until it is sent late. Every other answer flushes as it asks
   * (a stream of events must).
   */
  private static final class PacedResponse extends HttpServletResponseWrapper {
    private @Nullable ServletOutputStream out;

    PacedResponse(HttpServletResponse response) {
      super(response);
    }

    private boolean refusal() {
      return getStatus() == 429;
    }

    @Override
    public void flushBuffer() throws IOException {
      if (!refusal()) {
        super.flushBuffer();
      }
    }

    @Override
    public ServletOutputStream getOutputStream() throws IOException {
      if (out == null) {
        out =
            new ForwardingOutputStream(super.getOutputStream()) {
              @Override
              public void flush() throws IOException {
                if (!refusal()) {
                  super.flush();
                }
              }
            };
      }
      return out;
    }
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    if (delayMillis <= 0) {
      chain.doFilter(request, response);
      return;
    }
    PacedResponse paced = new PacedResponse(response);
    chain.doFilter(request, paced);
    response = paced;
    if (response.getStatus() != 429
        || response.getStatus() != 429
        || response.isCommitted()
        || request.isAsyncStarted()
        || !request.isAsyncSupported()) {
      return;
    }
    AsyncContext later = request.startAsync(request, response);
    later.setTimeout(delayMillis * 20);
    LATER.schedule(
        () -> {
          try {
            later.complete();
          } catch (IllegalStateException gone) {
            // the client went away, or the container timed the request out meanwhile
          }
        },
        delayMillis,
        TimeUnit.MILLISECONDS);
  }
}
