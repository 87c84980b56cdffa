package io.amplifier.appapi.sessions.web;

import io.amplifier.appapi.sessions.api.SessionId;
import io.amplifier.appapi.sessions.runtime.TurnStreams;
import io.amplifier.appapi.users.api.Caller;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

/**
 * The SSE protocol of a turn's stream: tails the turn's stored events ({@link TurnStreams}) from a
 * given id to its last event ({@code done} or {@code error}), with a {@code : keepalive} comment
 * every {@code amplifier.sessions.keepalive-millis}. It runs on the MVC async executor, whose size
 * bounds the streams one node serves (past it, a 503); a client that stops reading holds only its
 * own writer, and one that goes away ends it, never the turn. One user holds at most {@code
 * TURN_STREAMS_MAX_PER_USER} open streams on a node, one application {@code
 * TURN_STREAMS_MAX_PER_APP}; past either a 429 with {@code Retry-After}.
 */
@Component
class TurnEventStream {

  private static final int PAGE = 256;

  private final TurnStreams streams;
  private final long keepaliveMillis;
  private final int perUser;
  private final int perApp;
  private final ConcurrentHashMap<String, AtomicInteger> openByUser = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, AtomicInteger> openByApp = new ConcurrentHashMap<>();

  TurnEventStream(
      TurnStreams streams,
      @Value("${amplifier.sessions.keepalive-millis:15000}") long keepaliveMillis,
      @Value("${TURN_STREAMS_MAX_PER_USER:16}") int perUser,
      @Value("${TURN_STREAMS_MAX_PER_APP:256}") int perApp) {
    this.streams = streams;
    this.keepaliveMillis = keepaliveMillis;
    this.perUser = perUser;
    this.perApp = perApp;
  }

  /** One open stream of a caller, given back once (when its stream ends, or it never starts). */
  final class Slot implements AutoCloseable {
    private final String user;
    private final String app;
    private final AtomicBoolean open = new AtomicBoolean(true);

    private Slot(String user, String app) {
      this.user = user;
      this.app = app;
    }

    @Override
    public void close() {
      if (open.compareAndSet(true, false)) {
        give(openByUser, user);
        give(openByApp, app);
      }
    }
  }

  /**
   * Takes a stream slot of {@code caller}'s user and application, or refuses with {@link
   * StreamQuotaException} (429) when either holds as many open streams as it may.
   */
  Slot reserve(Caller caller) {
    String user = caller.appId() + "|" + caller.userId().value();
    if (!take(openByUser, user, perUser)) {
      throw new StreamQuotaException(
          "This user has as many open streams as it may (TURN_STREAMS_MAX_PER_USER "
              + perUser
              + ")");
    }
    if (!take(openByApp, caller.appId(), perApp)) {
      give(openByUser, user);
      throw new StreamQuotaException(
          "This application has as many open streams as it may (TURN_STREAMS_MAX_PER_APP "
              + perApp
              + ")");
    }
    return new Slot(user, caller.appId());
  }

  private static boolean take(ConcurrentHashMap<String, AtomicInteger> open, String key, int cap) {
    boolean[] taken = {false};
    open.compute(
        key,
        (k, count) -> {
          AtomicInteger now = count == null ? new AtomicInteger() : count;
          if (cap <= 0 || now.get() < cap) {
            now.incrementAndGet();
            taken[0] = true;
          }
          return now;
        });
    return taken[0];
  }

  private static void give(ConcurrentHashMap<String, AtomicInteger> open, String key) {
    open.computeIfPresent(key, (k, count) -> count.decrementAndGet() <= 0 ? null : count);
  }

  /**
   * The events of {@code turnId} of {@code session} after {@code afterSeq}; {@code withIds} adds
   * each event's {@code id:} line (the {@code /stream} route has never sent them).
   */
  ResponseEntity<StreamingResponseBody> tail(
      SessionId session, String turnId, long afterSeq, boolean withIds, Slot slot) {
    StreamingResponseBody body =
        out -> {
          try (slot) {
            write(session, turnId, afterSeq, withIds, out);
          }
        };
    return ResponseEntity.ok()
        .header("Content-Type", "text/event-stream; charset=utf-8")
        .header("Cache-Control", "no-cache")
        .header("X-Accel-Buffering", "no")
        .body(body);
  }

  private void write(
      SessionId session, String turnId, long afterSeq, boolean withIds, java.io.OutputStream out)
      throws java.io.IOException {
    SseWriter sse = new SseWriter(out);
    long last = afterSeq;
    long keepaliveNanos = TimeUnit.MILLISECONDS.toNanos(keepaliveMillis);
    long lastKeepalive = System.nanoTime();
    try {
      while (sse.open()) {
        List<TurnStreams.StreamEntry> page = streams.after(session, turnId, last, PAGE);
        for (TurnStreams.StreamEntry event : page) {
          if (withIds) {
            sse.event(event.seq(), event.data());
          } else {
            sse.data(event.data());
          }
          last = event.seq();
          if (TurnStreams.TERMINAL.contains(event.type())) {
            return;
          }
        }
        if (page.isEmpty()) {
          if (streams.ended(session, turnId) && streams.after(session, turnId, last, 1).isEmpty()) {
            return;
          }
          streams.awaitMore(session, turnId, last);
        }
        if (System.nanoTime() - lastKeepalive >= keepaliveNanos) {
          sse.keepalive();
          lastKeepalive = System.nanoTime();
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
