package io.amplifier.appapi.sessions.api;

import java.util.List;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Intent of {@code requesterId} (an owner or editor) to answer calls of client-declared tools the
 * turn {@code turnId} waits for; all of them or none are recorded.
 */
public record SubmitSessionToolResultsCommand(
    @TargetAggregateIdentifier SessionId sessionId,
    String requesterId,
    String turnId,
    List<Result> results) {

  /** The client's answer to call {@code callId}: {@code output}, or an error's text. */
  public record Result(String callId, String output, boolean error) {}
}
