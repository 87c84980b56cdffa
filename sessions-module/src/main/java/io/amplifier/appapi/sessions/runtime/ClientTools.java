package io.amplifier.appapi.sessions.runtime;

import io.amplifier.appapi.sessions.api.RequestSessionToolResultCommand;
import io.amplifier.appapi.sessions.api.SessionId;
import io.amplifier.appapi.sessions.api.SessionToolResultSubmittedEvent;
import io.amplifier.appapi.sessions.api.SessionTurnCancelRequestedEvent;
import io.amplifier.appapi.sessions.api.SessionView;
import io.amplifier.appapi.sessions.api.SubmitSessionToolResultsCommand;
import java.time.Instant;
import java.util.List;
import java.util.regex.Pattern;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * Tools the client declares with its message ({@code tools: [{name, description, input_schema}]}),
 * run by the client. When the model calls one, the call is recorded as a {@link
 * io.amplifier.appapi.sessions.api.SessionToolResultRequestedEvent} (the turn is then {@code
 * requires_action}) and the turn is parked ({@link TurnWait}, {@link ParkedTurns}): it holds no
 * thread until any node records the client's result ({@code POST …/turns/{turn_id}/tool-results}),
 * the turn is cancelled or its deadline passes ({@link #resolve}).
 */
@Component
public class ClientTools {

  /** The most tools one message may declare. */
  public static final int MAX_TOOLS = 32;

  /** The longest description, and the longest input schema as JSON text. */
  public static final int MAX_DESCRIPTION = 4096;

  public static final int MAX_SCHEMA_CHARS = 16_384;

  /** A client tool's name, as MCP tool names are. */
  public static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");

  private final CommandGateway commands;
  private final EventStore eventStore;

  ClientTools(CommandGateway commands, EventStore eventStore) {
    this.commands = commands;
    this.eventStore = eventStore;
  }

  /** The box of {@code turn}'s client tools; a call waits at most until the turn's deadline. */
  ToolBox box(TurnRunner.PreparedTurn turn, java.util.function.LongSupplier deadlineNanos) {
    List<ToolSpec> specs = List.copyOf(turn.clientTools());
    return new ToolBox() {
      @Override
      public List<ToolSpec> tools() {
        return specs;
      }

      @Override
      public ToolResult call(ToolCallRequest call) {
        return await(turn, call, deadlineNanos.getAsLong());
      }
    };
  }

  private ToolResult await(TurnRunner.PreparedTurn turn, ToolCallRequest call, long deadline) {
    SessionId session = turn.session().sessionId();
    long asked =
        commands.sendAndWait(
            TurnRecorder.asActor(
                turn,
                new RequestSessionToolResultCommand(
                    session,
                    turn.turnId(),
                    call.callId(),
                    call.name(),
                    Redaction.redact(call.arguments(), turn.secrets()))));
    throw new TurnWait(
        TurnWait.CLIENT,
        call.callId(),
        asked,
        Instant.now().plusNanos(Math.max(0, deadline - System.nanoTime())));
  }

  /**
   * True once the wait {@code waitId} (a client call or an approval) of turn {@code turnId} has its
   * answer, the turn was cancelled, or {@code until} passed: read from the session's events after
   * {@code asked}, without opening the turn's config (a node checks this for every parked turn).
   */
  boolean answered(SessionId session, String turnId, String waitId, long asked, Instant until) {
    if (Instant.now().isAfter(until)) {
      return true;
    }
    return eventStore
        .readEvents(session.toString(), asked)
        .asStream()
        .anyMatch(
            e ->
                (e.getPayload() instanceof SessionToolResultSubmittedEvent r
                        && r.callId().equals(waitId))
                    || (e.getPayload()
                            instanceof
                            io.amplifier.appapi.sessions.api.SessionApprovalDecidedEvent d
                        && d.approvalId().equals(waitId))
                    || (e.getPayload() instanceof SessionTurnCancelRequestedEvent c
                        && c.turnId().equals(turnId)));
  }

  /**
   * The client's result for call {@code callId} of a parked turn, read from the session's events
   * after {@code asked}: an error when the turn was cancelled or {@code until} (its deadline)
   * passed; null while it still waits.
   */
  @Nullable ToolResult resolve(
      TurnRunner.PreparedTurn turn, String callId, long asked, Instant until) {
    TurnAnswer<SessionToolResultSubmittedEvent> found =
        TurnAnswer.read(
            eventStore,
            turn.session().sessionId().toString(),
            asked,
            turn.turnId(),
            SessionToolResultSubmittedEvent.class,
            r -> r.callId().equals(callId));
    @Nullable SessionToolResultSubmittedEvent got = found.answer();
    if (got != null) {
      return new ToolResult(got.output(), got.error());
    }
    if (found.cancelled()) {
      return ToolResult.failed("The turn was cancelled before the client answered");
    }
    if (Instant.now().isAfter(until)) {
      return ToolResult.failed("The client did not answer before the turn's deadline");
    }
    return null;
  }

  /**
   * Records the client's {@code results} for turn {@code turnId} as {@code requesterId} (an owner
   * or editor); throws the session's rule exceptions (forbidden, not waiting, unknown call id).
   */
  public void submit(
      SessionView session,
      String requesterId,
      String turnId,
      List<SubmitSessionToolResultsCommand.Result> results) {
    commands.sendAndWait(
        new SubmitSessionToolResultsCommand(session.sessionId(), requesterId, turnId, results));
  }
}
