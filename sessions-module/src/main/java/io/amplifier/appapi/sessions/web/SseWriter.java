package io.amplifier.appapi.sessions.web;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Writes Server-Sent Events to one response: {@code data: <json>} (and an {@code id:} line when
 * given), one blank line after each, and keepalive comments. A vanished client ends the writing
 * ({@link #open()} turns false), never the turn.
 */
final class SseWriter {

  private final OutputStream out;
  private volatile boolean open = true;

  SseWriter(OutputStream out) {
    this.out = out;
  }

  boolean open() {
    return open;
  }

  /** One event whose data is {@code json} (one line: JSON text has no raw newline). */
  void data(String json) {
    write("data: " + json + "\n\n");
  }

  /**
   * One event with its {@code id}, which a reconnecting client sends back as {@code Last-Event-ID}.
   */
  void event(long id, String json) {
    write("id: " + id + "\ndata: " + json + "\n\n");
  }

  void keepalive() {
    write(": keepalive\n\n");
  }

  private void write(String text) {
    if (!open) {
      return;
    }
    try {
      out.write(text.getBytes(StandardCharsets.UTF_8));
      out.flush();
    } catch (IOException e) {
      open = false;
    }
  }
}
