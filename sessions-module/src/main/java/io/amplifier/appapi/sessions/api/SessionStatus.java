package io.amplifier.appapi.sessions.api;

/** Where a session is in its life; only an active session takes messages. */
public enum SessionStatus {
  ACTIVE,
  COMPLETED,
  FAILED,
  CANCELLED;

  public String wire() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
