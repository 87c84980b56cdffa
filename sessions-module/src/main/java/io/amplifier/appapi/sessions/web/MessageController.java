package io.amplifier.appapi.sessions.web;

import io.amplifier.appapi.sessions.api.SessionView;
import io.amplifier.appapi.sessions.service.SessionAccess;
import io.amplifier.appapi.sessions.service.SessionTurns;
import io.amplifier.appapi.sessions.web.TurnController.MessageRequest;
import io.amplifier.appapi.sessions.web.TurnResponses.CancelRequested;
import io.amplifier.appapi.sessions.web.TurnResponses.MessageReply;
import io.amplifier.appapi.sessions.web.TurnResponses.ReplyMetadata;
import io.amplifier.appapi.users.api.Caller;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.concurrent.CompletableFuture;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

/**
 * The original's message routes, kept as they were on top of an ordinary turn ({@link
 * SessionTurns}): {@code /messages} waits for the reply, {@code /stream} follows it as Server-Sent
 * Events, {@code /cancel} stops whichever turn runs. Documented with the turn routes.
 */
@Tag(name = "turn-controller")
@RestController
class MessageController implements MessageApi {

  private final SessionTurns turns;
  private final SessionAccess sessions;
  private final TurnEventStream stream;

  MessageController(SessionTurns turns, SessionAccess sessions, TurnEventStream stream) {
    this.turns = turns;
    this.sessions = sessions;
    this.stream = stream;
  }

  @Override
  public CompletableFuture<MessageReply> message(
      String sessionId, MessageRequest request, Caller caller) {
    SessionView session = sessions.find(sessionId, caller);
    return turns
        .reply(
            session,
            request.message(),
            request.context(),
            request.tools(),
            request.multitaskStrategy(),
            caller)
        .thenApply(
            reply ->
                new MessageReply(
                    session.sessionId().value().toString(),
                    reply.content(),
                    new ReplyMetadata(
                        session.configId(), reply.turnId(), reply.cancelled(), reply.usage())));
  }

  @Override
  public ResponseEntity<StreamingResponseBody> stream(
      String sessionId, MessageRequest request, Caller caller) {
    SessionView session = SessionAccess.requireActive(sessions.find(sessionId, caller));
    TurnEventStream.Slot slot = stream.reserve(caller);
    String turnId;
    try {
      turnId =
          turns
              .start(
                  session,
                  request.message(),
                  request.context(),
                  request.tools(),
                  request.multitaskStrategy(),
                  caller)
              .turnId();
    } catch (RuntimeException refused) {
      slot.close();
      throw refused;
    }
    return stream.tail(session.sessionId(), turnId, 0, false, slot);
  }

  @Override
  public CancelRequested cancel(String sessionId, Caller caller) {
    SessionView session = sessions.find(sessionId, caller);
    turns.cancel(session, caller);
    return new CancelRequested(session.sessionId().value().toString(), "Cancellation requested");
  }
}
