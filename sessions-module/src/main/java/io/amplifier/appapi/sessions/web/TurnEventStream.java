package io.amplifier.appapi.sessions.web;

import io.amplifier.appapi.sessions.api.SessionId;
import io.amplifier.appapi.sessions.runtime.TurnStreams;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

/**
 * The SSE protocol of a turn's stream: tails the turn's stored events ({@link TurnStreams}) from a
 * given id to its last event ({@code done} or {@code error}), with a {@code : keepalive} comment
 * every {@code amplifier.sessions.keepalive-millis}. It runs on the MVC async executor, whose size
 * bounds the streams one node serves (past it, a 503); a client that stops reading holds only its
 * own writer, and one that goes away ends it, never the turn.
 */
@Component
class TurnEventStream {

  private static final int PAGE = 256;

  private final TurnStreams streams;
  private final long keepaliveMillis;

  TurnEventStream(
      TurnStreams streams,
      @Value("${amplifier.sessions.keepalive-millis:15000}") long keepaliveMillis) {
    this.streams = streams;
    this.keepaliveMillis = keepaliveMillis;
  }

  /**
   * The events of {@code turnId} of {@code session} after {@code afterSeq}; {@code withIds} adds
   * each event's {@code id:} line (the {@code /stream} route has never sent them).
   */
  ResponseEntity<StreamingResponseBody> tail(
      SessionId session, String turnId, long afterSeq, boolean withIds) {
    StreamingResponseBody body =
        out -> {
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
                if (streams.ended(session, turnId)
                    && streams.after(session, turnId, last, 1).isEmpty()) {
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
        };
    return ResponseEntity.ok()
        .header("Content-Type", "text/event-stream; charset=utf-8")
        .header("Cache-Control", "no-cache")
        .header("X-Accel-Buffering", "no")
        .body(body);
  }
}
