package io.amplifier.appapi.sessions.runtime;

import java.time.Instant;

/**
 * Thrown where a turn would wait for a person ({@link Approvals}) or a client ({@link
 * ClientTools}), once the request is recorded: the {@link AgentLoop} parks the turn instead ({@link
 * ParkedTurns}) and its thread goes free. {@code asked} is the sequence number of the request
 * event; {@code until} the instant the wait ends without an answer (approval timeout, or the turn's
 * deadline).
 */
final class TurnWait extends RuntimeException {

  static final String APPROVAL = "approval";
  static final String CLIENT = "client";

  private final String kind;
  private final String id;
  private final long asked;
  private final Instant until;

  TurnWait(String kind, String id, long asked, Instant until) {
    super(kind + " " + id, null, false, false);
    this.kind = kind;
    this.id = id;
    this.asked = asked;
    this.until = until;
  }

  String kind() {
    return kind;
  }

  String id() {
    return id;
  }

  long asked() {
    return asked;
  }

  Instant until() {
    return until;
  }
}
