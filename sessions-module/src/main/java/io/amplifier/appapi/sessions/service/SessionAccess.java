package io.amplifier.appapi.sessions.service;

import io.amplifier.appapi.platform.api.InputPatterns;
import io.amplifier.appapi.sessions.api.FindSessionQuery;
import io.amplifier.appapi.sessions.api.SessionId;
import io.amplifier.appapi.sessions.api.SessionStatus;
import io.amplifier.appapi.sessions.api.SessionView;
import io.amplifier.appapi.users.api.Caller;
import java.util.UUID;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.stereotype.Component;

/**
 * Which session a route is about, as its caller may see it: a session id that is no UUID, an
 * unknown session and another user's session are all the same 404.
 */
@Component
public class SessionAccess {

  static final String SESSION_NOT_FOUND = "Session not found";

  private final QueryGateway queries;

  SessionAccess(QueryGateway queries) {
    this.queries = queries;
  }

  /** The session visible to {@code caller}, once the read model has reached {@code minVersion}. */
  public SessionView find(SessionId id, Caller caller, long minVersion) {
    return queries
        .query(
            new FindSessionQuery(id, user(caller), minVersion),
            ResponseTypes.optionalInstanceOf(SessionView.class))
        .join()
        .orElseThrow(() -> new NotFoundException(SESSION_NOT_FOUND));
  }

  public SessionView find(String sessionId, Caller caller) {
    return find(parse(sessionId), caller, -1);
  }

  public static String user(Caller caller) {
    return caller.userId().value();
  }

  public static SessionId parse(String text) {
    if (!InputPatterns.isUuid(text)) {
      throw new NotFoundException(SESSION_NOT_FOUND);
    }
    return new SessionId(UUID.fromString(text));
  }

  /** A turn id as the service makes them (a UUID); anything else is a turn that does not exist. */
  static String turnId(String text) {
    if (!InputPatterns.isUuid(text)) {
      throw new NotFoundException("Turn not found");
    }
    return text;
  }

  /** A closed session refuses messages with 409 before its config is even looked at. */
  public static SessionView requireActive(SessionView session) {
    if (session.status() != SessionStatus.ACTIVE) {
      throw new ConflictException(
          "Session is " + session.status().wire() + "; it takes no messages");
    }
    return session;
  }
}
