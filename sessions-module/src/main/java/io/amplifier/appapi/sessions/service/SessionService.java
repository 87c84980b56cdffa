package io.amplifier.appapi.sessions.service;

import static io.amplifier.appapi.sessions.service.SessionAccess.parse;
import static io.amplifier.appapi.sessions.service.SessionAccess.user;

import io.amplifier.appapi.platform.api.InputPatterns;
import io.amplifier.appapi.sessions.api.ChangeSessionStatusCommand;
import io.amplifier.appapi.sessions.api.DeleteSessionCommand;
import io.amplifier.appapi.sessions.api.FindSessionAsOfQuery;
import io.amplifier.appapi.sessions.api.FindSessionQuery;
import io.amplifier.appapi.sessions.api.ListSessionsQuery;
import io.amplifier.appapi.sessions.api.ParticipantRole;
import io.amplifier.appapi.sessions.api.RemoveSessionParticipantCommand;
import io.amplifier.appapi.sessions.api.SessionAsOf;
import io.amplifier.appapi.sessions.api.SessionId;
import io.amplifier.appapi.sessions.api.SessionPage;
import io.amplifier.appapi.sessions.api.SessionStarted;
import io.amplifier.appapi.sessions.api.SessionStatus;
import io.amplifier.appapi.sessions.api.SessionView;
import io.amplifier.appapi.sessions.api.SetSessionParticipantCommand;
import io.amplifier.appapi.sessions.api.StartSessionCommand;
import io.amplifier.appapi.sessions.api.Transcript;
import io.amplifier.appapi.sessions.api.TranscriptQuery;
import io.amplifier.appapi.sessions.command.SessionForks;
import io.amplifier.appapi.sessions.runtime.TurnRunner;
import io.amplifier.appapi.users.api.Caller;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;

/**
 * The session routes' work: start (after the config is checked to run), read (also as it was),
 * list, change status, share and fork. Each command's answer is built from its result or read once
 * at the version it wrote.
 */
@Service
public class SessionService {

  private final CommandGateway commands;
  private final QueryGateway queries;
  private final TurnRunner turns;
  private final SessionAccess sessions;
  private final SessionForks forks;

  SessionService(
      CommandGateway commands,
      QueryGateway queries,
      TurnRunner turns,
      SessionAccess sessions,
      SessionForks forks) {
    this.commands = commands;
    this.queries = queries;
    this.turns = turns;
    this.sessions = sessions;
    this.forks = forks;
  }

  /** A transcript page and the session it is of; {@code asItWas} when read at a past version. */
  public record TranscriptRead(SessionView session, Transcript transcript, boolean asItWas) {}

  /** A fork: the session forked and the new one of the caller's. */
  public record Forked(SessionView source, SessionView view) {}

  /**
   * Starts a session of {@code configId} for {@code caller}: 404 when the config is not theirs, 400
   * when it cannot run turns. The view row was written in the command's transaction (inline), so
   * the answer is built from the command's result.
   */
  public SessionView start(
      String configId,
      @Nullable Map<String, String> givenTags,
      @Nullable Map<String, Object> givenMetadata,
      Caller caller) {
    TurnRunner.Readiness readiness =
        turns
            .readiness(configId, user(caller))
            .orElseThrow(() -> new NotFoundException("Config not found: " + configId));
    if (!readiness.runnable()) {
      throw new ConfigNotRunnableException(readiness.detail());
    }
    SessionId id = SessionId.random();
    Map<String, String> tags = givenTags == null ? Map.of() : givenTags;
    Map<String, Object> metadata = givenMetadata == null ? Map.of() : givenMetadata;
    SessionStarted started =
        commands.sendAndWait(
            new StartSessionCommand(
                id, user(caller), configId, tags, metadata, null, null, List.of()));
    return new SessionView(
        id,
        user(caller),
        configId,
        SessionStatus.ACTIVE,
        0,
        0,
        tags,
        metadata,
        Map.of(),
        null,
        null,
        started.at(),
        started.at(),
        started.version());
  }

  /** The caller's sessions (owned or shared); a malformed {@code tags} filter is a 422. */
  public SessionPage list(
      int limit,
      int offset,
      @Nullable String status,
      @Nullable String configId,
      @Nullable String tags,
      Caller caller) {
    Map<String, String> filter =
        InputPatterns.tagFilter(tags).orElseThrow(InvalidTagFilterException::new);
    return queries
        .query(
            new ListSessionsQuery(
                user(caller),
                limit,
                offset,
                status == null ? null : SessionStatus.valueOf(status.toUpperCase(Locale.ROOT)),
                configId,
                filter),
            ResponseTypes.instanceOf(SessionPage.class))
        .join();
  }

  public SessionView find(String sessionId, Caller caller) {
    return sessions.find(sessionId, caller);
  }

  /**
   * The session as it was, folded from its events; 404 when it did not exist then for the caller.
   */
  public SessionAsOf asItWas(
      String sessionId, @Nullable Long version, @Nullable Instant asOf, Caller caller) {
    return queries
        .query(
            new FindSessionAsOfQuery(parse(sessionId), user(caller), version, asOf),
            ResponseTypes.optionalInstanceOf(SessionAsOf.class))
        .join()
        .orElseThrow(() -> new NotFoundException(SessionAccess.SESSION_NOT_FOUND));
  }

  public void delete(String sessionId, Caller caller) {
    SessionId id = parse(sessionId);
    long seq = commands.sendAndWait(new DeleteSessionCommand(id, user(caller)));
    queries
        .query(
            new FindSessionQuery(id, user(caller), seq),
            ResponseTypes.optionalInstanceOf(SessionView.class))
        .join();
  }

  /** The session once its status is {@code status}. */
  public SessionView changeStatus(String sessionId, Caller caller, SessionStatus status) {
    SessionId id = parse(sessionId);
    long seq = commands.sendAndWait(new ChangeSessionStatusCommand(id, user(caller), status));
    return sessions.find(id, caller, seq);
  }

  /** The messages after {@code after}, at most {@code limit}; as it was when a version is given. */
  public TranscriptRead transcript(
      String sessionId,
      int after,
      int limit,
      @Nullable Long version,
      @Nullable Instant asOf,
      Caller caller) {
    if (version != null || asOf != null) {
      SessionAsOf then = asItWas(sessionId, version, asOf, caller);
      return new TranscriptRead(
          then.view(),
          new Transcript(
              then.messages().stream().filter(m -> m.seq() > after).limit(limit).toList()),
          true);
    }
    SessionView session = sessions.find(sessionId, caller);
    Transcript transcript =
        queries
            .query(
                new TranscriptQuery(session.sessionId(), after, limit, -1),
                ResponseTypes.instanceOf(Transcript.class))
            .join();
    return new TranscriptRead(session, transcript, false);
  }

  /** Gives {@code userId} the {@code role} ({@code editor} or {@code viewer}); the session's id. */
  public SessionId share(
      String sessionId, String userId, String role, boolean change, Caller caller) {
    SessionId id = parse(sessionId);
    long seq =
        commands.sendAndWait(
            new SetSessionParticipantCommand(
                id,
                user(caller),
                caller.user(userId).value(),
                ParticipantRole.valueOf(role.toUpperCase(Locale.ROOT)),
                change));
    sessions.find(id, caller, seq);
    return id;
  }

  /** Stops sharing the session with {@code userId}; the session's id. */
  public SessionId unshare(String sessionId, String userId, Caller caller) {
    SessionId id = parse(sessionId);
    long seq =
        commands.sendAndWait(
            new RemoveSessionParticipantCommand(id, user(caller), caller.user(userId).value()));
    sessions.find(id, caller, seq);
    return id;
  }

  /** Copies the session, up to {@code afterTurn} turns, into a new one of the caller's. */
  public Forked fork(String sessionId, @Nullable Integer afterTurn, Caller caller) {
    SessionView source = sessions.find(sessionId, caller);
    SessionForks.Fork fork = forks.fork(source, user(caller), afterTurn);
    return new Forked(source, sessions.find(fork.sessionId(), caller, fork.copied()));
  }
}
