package io.amplifier.appapi.sessions.web;

import io.amplifier.appapi.sessions.api.FindSessionContextQuery;
import io.amplifier.appapi.sessions.api.SessionContextView;
import io.amplifier.appapi.sessions.api.SessionPage;
import io.amplifier.appapi.sessions.api.SessionStatus;
import io.amplifier.appapi.sessions.api.SessionView;
import io.amplifier.appapi.sessions.service.SessionService;
import io.amplifier.appapi.sessions.web.SessionResponses.Deleted;
import io.amplifier.appapi.sessions.web.SessionResponses.SessionChanged;
import io.amplifier.appapi.sessions.web.SessionResponses.SessionForked;
import io.amplifier.appapi.sessions.web.SessionResponses.SessionList;
import io.amplifier.appapi.sessions.web.SessionResponses.TranscriptPage;
import io.amplifier.appapi.users.api.Caller;
import jakarta.servlet.http.HttpServletResponse;
import java.net.URI;
import java.time.Instant;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.jspecify.annotations.Nullable;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RestController;

/**
 * The session routes ({@link SessionApi}): lifecycle, transcript (also as it was) and forks;
 * sharing is {@link ParticipantController}'s, turns {@link TurnController}'s. The work is {@link
 * SessionService}'s.
 */
@RestController
class SessionController implements SessionApi {

  private final SessionService sessions;
  private final QueryGateway queries;

  SessionController(SessionService sessions, QueryGateway queries) {
    this.sessions = sessions;
    this.queries = queries;
  }

  @Override
  public ResponseEntity<SessionChanged> start(StartSessionRequest request, Caller caller) {
    SessionView view =
        sessions.start(request.configId(), request.tags(), request.metadata(), caller);
    return ResponseEntity.created(URI.create("/sessions/" + view.sessionId().value()))
        .body(SessionChanged.of(view, "Session created successfully"));
  }

  @Override
  public SessionList list(
      int limit,
      int offset,
      @Nullable String status,
      @Nullable String configId,
      @Nullable String tags,
      Caller caller) {
    SessionPage page = sessions.list(limit, offset, status, configId, tags, caller);
    return new SessionList(
        page.sessions().stream().map(SessionResponse::summary).toList(), page.total());
  }

  @Override
  public ResponseEntity<SessionResponse> get(
      String sessionId, @Nullable Long version, @Nullable Instant asOf, Caller caller) {
    if (version != null || asOf != null) {
      SessionView then = sessions.asItWas(sessionId, version, asOf, caller).view();
      return ResponseEntity.ok()
          .headers(SessionResponses.pointInTime(then))
          .body(SessionResponse.full(then, caller.userId().value(), null));
    }
    SessionView view = sessions.find(sessionId, caller);
    return ResponseEntity.ok(
        SessionResponse.full(view, caller.userId().value(), null)
            .withContext(
                queries
                    .query(
                        new FindSessionContextQuery(view.sessionId()),
                        ResponseTypes.instanceOf(SessionContextView.class))
                    .join()));
  }

  @Override
  public Deleted delete(String sessionId, Caller caller) {
    sessions.delete(sessionId, caller);
    return new Deleted("Session deleted successfully");
  }

  @Override
  public SessionChanged resume(String sessionId, Caller caller) {
    return SessionChanged.of(
        sessions.changeStatus(sessionId, caller, SessionStatus.ACTIVE),
        "Session resumed successfully");
  }

  @Override
  public SessionChanged complete(String sessionId, Caller caller) {
    return SessionChanged.of(
        sessions.changeStatus(sessionId, caller, SessionStatus.COMPLETED),
        "Session completed successfully");
  }

  @Override
  public TranscriptPage transcript(
      String sessionId,
      int after,
      int limit,
      @Nullable Long version,
      @Nullable Instant asOf,
      Caller caller,
      HttpServletResponse response) {
    SessionService.TranscriptRead read =
        sessions.transcript(sessionId, after, limit, version, asOf, caller);
    if (read.asItWas()) {
      SessionResponses.pointInTime(read.session())
          .forEach((name, values) -> values.forEach(v -> response.addHeader(name, v)));
    }
    return TranscriptPage.of(read, limit);
  }

  @Override
  public ResponseEntity<SessionForked> fork(
      String sessionId, @Nullable ForkRequest request, Caller caller) {
    Integer afterTurn = request == null ? null : request.afterTurn();
    SessionService.Forked fork = sessions.fork(sessionId, afterTurn, caller);
    return ResponseEntity.created(URI.create("/sessions/" + fork.view().sessionId().value()))
        .body(SessionForked.of(fork, afterTurn));
  }
}
