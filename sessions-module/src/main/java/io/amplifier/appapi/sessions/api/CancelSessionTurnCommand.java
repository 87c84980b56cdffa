package io.amplifier.appapi.sessions.api;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.jspecify.annotations.Nullable;

/**
 * Intent to stop the running turn, wherever it runs; with a {@code turnId}, only when that turn is
 * the one running.
 */
public record CancelSessionTurnCommand(
    @TargetAggregateIdentifier SessionId sessionId, String requesterId, @Nullable String turnId) {

  /** Cancels whichever turn runs. */
  public CancelSessionTurnCommand(SessionId sessionId, String requesterId) {
    this(sessionId, requesterId, null);
  }
}
