package io.amplifier.appapi.sessions.api;

/** Where a turn is: running, paused for the client, or ended one of three ways. */
public enum TurnStatus {
  RUNNING,
  REQUIRES_ACTION,
  COMPLETED,
  FAILED,
  CANCELLED;

  public String wire() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }

  /** True once the turn has ended and can change no more. */
  public boolean ended() {
    return this == COMPLETED || this == FAILED || this == CANCELLED;
  }
}
