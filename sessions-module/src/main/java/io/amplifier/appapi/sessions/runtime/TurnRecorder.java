package io.amplifier.appapi.sessions.runtime;

import io.amplifier.appapi.sessions.api.CancelSessionTurnCommand;
import io.amplifier.appapi.sessions.api.FailSessionTurnCommand;
import io.amplifier.appapi.sessions.api.RecordSessionReplyCommand;
import io.amplifier.appapi.sessions.api.SessionId;
import io.amplifier.appapi.sessions.api.SubmitSessionMessageCommand;
import java.util.Map;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.MetaData;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * The commands that record a turn's opening, cancel request and end as session events; changes when
 * what a turn records, or as whom, changes. Commands sent from the turn's own thread carry the
 * turn's actor, taken when it opened, since the turn may outlive its request.
 */
@Component
class TurnRecorder {

  private final CommandGateway commands;

  TurnRecorder(CommandGateway commands) {
    this.commands = commands;
  }

  /** Opens turn {@code turnId} with the user's message; answers the opening event's sequence. */
  long open(
      SessionId session,
      String requesterId,
      String turnId,
      String message,
      @Nullable Map<String, Object> context) {
    return commands.sendAndWait(
        new SubmitSessionMessageCommand(session, requesterId, turnId, message, context));
  }

  /** As {@link #open}, as {@code actor}: for a queued turn, started outside its request. */
  long openAs(
      Map<String, Object> actor,
      SessionId session,
      String requesterId,
      String turnId,
      String message,
      @Nullable Map<String, Object> context) {
    return commands.sendAndWait(
        asActor(
            actor,
            new SubmitSessionMessageCommand(session, requesterId, turnId, message, context)));
  }

  /** Asks the session's running turn ({@code turnId}, when given, else any) to stop. */
  void requestCancel(SessionId session, String requesterId, @Nullable String turnId) {
    commands.sendAndWait(new CancelSessionTurnCommand(session, requesterId, turnId));
  }

  /** Closes {@code turn} with its reply; answers the event's sequence. */
  long reply(
      TurnRunner.PreparedTurn turn, String content, Map<String, Object> usage, boolean cancelled) {
    return commands.sendAndWait(
        asActor(
            turn,
            new RecordSessionReplyCommand(
                turn.session().sessionId(), turn.turnId(), content, usage, cancelled)));
  }

  /** Closes {@code turn} as failed; answers the event's sequence. */
  long fail(TurnRunner.PreparedTurn turn, String reason, boolean unrecoverable) {
    return fail(turn.actor(), turn.session().sessionId(), turn.turnId(), reason, unrecoverable);
  }

  /** Closes turn {@code turnId} as failed, as {@code actor}; answers the event's sequence. */
  long fail(
      Map<String, Object> actor,
      SessionId session,
      String turnId,
      String reason,
      boolean unrecoverable) {
    return commands.sendAndWait(
        asActor(actor, new FailSessionTurnCommand(session, turnId, reason, unrecoverable)));
  }

  /** {@code command} as sent by the turn's actor (when known), for the turn's own thread. */
  static Object asActor(TurnRunner.PreparedTurn turn, Object command) {
    return asActor(turn.actor(), command);
  }

  private static Object asActor(Map<String, Object> actor, Object command) {
    return actor.isEmpty()
        ? command
        : GenericCommandMessage.asCommandMessage(command).withMetaData(MetaData.from(actor));
  }
}
