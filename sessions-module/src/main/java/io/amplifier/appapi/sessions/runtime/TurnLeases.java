package io.amplifier.appapi.sessions.runtime;

import io.amplifier.appapi.sessions.api.FailSessionTurnCommand;
import io.amplifier.appapi.sessions.api.RecordSessionReplyCommand;
import io.amplifier.appapi.sessions.api.SessionId;
import io.amplifier.appapi.sessions.api.SessionMessageSubmittedEvent;
import io.amplifier.appapi.sessions.api.SessionView;
import io.amplifier.appapi.users.api.Caller;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import java.sql.Array;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.MetaData;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Leases on running turns, kept in PostgreSQL so every node sees them. A node takes a lease before
 * it opens a turn and renews it every third of {@code TURN_LEASE_SECONDS} while the turn runs; a
 * lease left unrenewed that long belongs to a node that died, and whichever node sweeps first
 * (claims are exclusive: {@code FOR UPDATE SKIP LOCKED}) fails the turn as the {@code system}
 * principal, so the session takes messages again. A lease is keyed by session and turn, never by
 * turn id alone.
 */
@Component
class TurnLeases {

  private static final Logger log = LoggerFactory.getLogger(TurnLeases.class);

  private static final int USER_LOCKS = 21_001;
  private static final int APP_LOCKS = 21_002;

  private final JdbcTemplate jdbc;
  private final TransactionTemplate transactions;
  private final int perUser;
  private final int perApp;
  private final CommandGateway commands;
  private final TurnStreams streams;
  private final ParkedTurns parked;
  private final long leaseSeconds;
  private final String nodeId = UUID.randomUUID().toString();
  private final Set<Lease> mine = ConcurrentHashMap.newKeySet();
  private final ScheduledExecutorService timer = DaemonThreads.scheduled("turn-leases");

  TurnLeases(
      JdbcTemplate jdbc,
      CommandGateway commands,
      TurnStreams streams,
      ParkedTurns parked,
      @Value("${TURN_LEASE_SECONDS:60}") long leaseSeconds,
      PlatformTransactionManager transactionManager,
      @Value("${TURN_MAX_CONCURRENT_PER_USER:8}") int perUser,
      @Value("${TURN_MAX_CONCURRENT_PER_APP:128}") int perApp) {
    this.jdbc = jdbc;
    this.transactions = new TransactionTemplate(transactionManager);
    this.perUser = perUser;
    this.perApp = perApp;
    this.commands = commands;
    this.streams = streams;
    this.parked = parked;
    this.leaseSeconds = Math.max(2, leaseSeconds);
  }

  @PostConstruct
  void start() {
    long renewMillis = leaseSeconds * 1000 / 3;
    long sweepMillis = Math.min(leaseSeconds * 1000 / 2, 15_000);
    timer.scheduleWithFixedDelay(this::renew, renewMillis, renewMillis, TimeUnit.MILLISECONDS);
    timer.scheduleWithFixedDelay(this::sweep, sweepMillis, sweepMillis, TimeUnit.MILLISECONDS);
  }

  @PreDestroy
  void stop() {
    timer.shutdownNow();
  }

  /** Takes the lease of a turn about to open on this node, with no cap. */
  void acquire(SessionId session, String turnId) {
    acquire(session, turnId, null, null, false);
  }

  /**
   * Takes the lease of a turn about to run on this node for {@code userId} of {@code appId}; {@code
   * capped}: refused with {@link TurnQuotaException} when the user already runs {@code
   * TURN_MAX_CONCURRENT_PER_USER} turns, or the application {@code TURN_MAX_CONCURRENT_PER_APP},
   * counted over the live leases of every node (a parked turn has none). Concurrent takers of one
   * user or application are serialised by advisory locks, so the caps hold across nodes.
   */
  void acquire(
      SessionId session,
      String turnId,
      @Nullable String userId,
      @Nullable String appId,
      boolean capped) {
    transactions.executeWithoutResult(
        status -> {
          if (capped && userId != null) {
            jdbc.queryForList("SELECT pg_advisory_xact_lock(?, hashtext(?))", USER_LOCKS, userId);
            check("user_id", userId, perUser, "TURN_MAX_CONCURRENT_PER_USER", "user");
          }
          if (capped && appId != null) {
            jdbc.queryForList("SELECT pg_advisory_xact_lock(?, hashtext(?))", APP_LOCKS, appId);
            check("app_id", appId, perApp, "TURN_MAX_CONCURRENT_PER_APP", "application");
          }
          jdbc.update(
              "INSERT INTO session_turn_leases (turn_id, session_id, node_id, renewed_at, user_id, app_id)"
                  + " VALUES (?, ?, ?, now(), ?, ?)",
              turnId,
              session.value(),
              nodeId,
              userId,
              appId);
        });
    mine.add(new Lease(session.value(), turnId));
  }

  /**
   * As {@link #acquire(SessionId, String, String, String, boolean)}, for the user and application
   * of {@code actor} (the turn's commands' metadata), or {@code userId} when it names no user.
   */
  void acquireFor(
      SessionId session, String turnId, Map<String, Object> actor, String userId, boolean capped) {
    Object user = actor.get(Caller.USER_ID);
    Object app = actor.get(Caller.APP_ID);
    acquire(
        session,
        turnId,
        user == null ? userId : user.toString(),
        app == null ? null : app.toString(),
        capped);
  }

  private void check(String column, String value, int cap, String setting, String who) {
    if (cap <= 0) {
      return;
    }
    Long running =
        jdbc.queryForObject(
            "SELECT count(*) FROM session_turn_leases WHERE "
                + column
                + " = ? AND renewed_at > now() - make_interval(secs => ?)",
            Long.class,
            value,
            leaseSeconds);
    if (running != null && running >= cap) {
      throw new TurnQuotaException(
          "This " + who + " runs as many turns as it may (" + setting + " " + cap + ")");
    }
  }

  /** Gives the lease of a turn that ended (or never opened) back. */
  void release(SessionId session, String turnId) {
    mine.remove(new Lease(session.value(), turnId));
    jdbc.update(
        "DELETE FROM session_turn_leases WHERE session_id = ? AND turn_id = ?",
        session.value(),
        turnId);
  }

  /**
   * True when no live node runs {@code turnId} of {@code session}: its lease is gone or has not
   * been renewed in time.
   */
  boolean orphaned(SessionId session, String turnId) {
    List<Boolean> live =
        jdbc.queryForList(
            "SELECT renewed_at > now() - make_interval(secs => ?) FROM session_turn_leases"
                + " WHERE session_id = ? AND turn_id = ?",
            Boolean.class,
            leaseSeconds,
            session.value(),
            turnId);
    return live.isEmpty() || !Boolean.TRUE.equals(live.get(0));
  }

  /**
   * Ends the running turn of {@code session} when no node runs it (its lease lapsed or vanished)
   * and it is not parked either ({@link #endOrphan}).
   */
  void freeIfOrphaned(SessionView session, boolean cancelled) {
    String running = session.runningTurn();
    if (running != null && orphaned(session.sessionId(), running) && !parked.holds(running)) {
      endOrphan(session.sessionId(), running, cancelled);
    }
  }

  /**
   * Ends a turn no node runs, as the {@code system} principal: failed when its node died, or as a
   * cancelled reply with what arrived so far (nothing) when a caller cancelled it. A turn that
   * ended meanwhile is left alone.
   */
  void endOrphan(SessionId session, String turnId, boolean cancelled) {
    jdbc.update(
        "DELETE FROM session_turn_leases WHERE session_id = ? AND turn_id = ?",
        session.value(),
        turnId);
    String lapsed = "Turn lease expired: the node running this turn stopped";
    Object command =
        cancelled
            ? new RecordSessionReplyCommand(session, turnId, "", Map.of(), true)
            : new FailSessionTurnCommand(session, turnId, lapsed, false);
    try {
      commands.sendAndWait(
          GenericCommandMessage.asCommandMessage(command)
              .withMetaData(
                  MetaData.with(Caller.USER_ID, Caller.SYSTEM_PRINCIPAL)
                      .and(Caller.APP_ID, Caller.SYSTEM_PRINCIPAL)
                      .and(Caller.ACTOR, Caller.ACTOR_SYSTEM)
                      .and(Caller.CAUSATION_ID, openingEvent(session, turnId))));
    } catch (RuntimeException alreadyEnded) {
      log.info(
          "Orphaned turn {} was not ended here (it may have ended already): {}",
          turnId,
          alreadyEnded.toString());
      return;
    }
    streams.endOrphan(
        session,
        turnId,
        cancelled
            ? TurnService.replyEvents(turnId, "", Map.of(), true)
            : List.of(TurnService.errorEvent(lapsed, null)));
  }

  /** The id of the event that opened {@code turnId}: the cause of ending it as the system. */
  private String openingEvent(SessionId session, String turnId) {
    return jdbc
        .queryForList(
            "SELECT eventidentifier FROM domainevententry WHERE aggregateidentifier = ?"
                + " AND payloadtype IN ('sessions.SessionMessageSubmitted', ?)"
                + " AND convert_from(payload, 'UTF8')::jsonb ->> 'turnId' = ?"
                + " ORDER BY sequencenumber DESC LIMIT 1",
            String.class,
            session.toString(),
            SessionMessageSubmittedEvent.class.getName(),
            turnId)
        .stream()
        .findFirst()
        .orElse(turnId);
  }

  /** A lease this node holds: its session and its turn. */
  private record Lease(UUID session, String turn) {}

  private void renew() {
    try {
      if (!mine.isEmpty()) {
        jdbc.update(
            connection -> {
              var statement =
                  connection.prepareStatement(
                      "UPDATE session_turn_leases SET renewed_at = now() WHERE node_id = ?"
                          + " AND (session_id, turn_id) IN (SELECT * FROM unnest(?::uuid[], ?::varchar[]))");
              List<Lease> leases = List.copyOf(mine);
              Array sessions =
                  connection.createArrayOf("uuid", leases.stream().map(Lease::session).toArray());
              Array turns =
                  connection.createArrayOf("varchar", leases.stream().map(Lease::turn).toArray());
              statement.setString(1, nodeId);
              statement.setArray(2, sessions);
              statement.setArray(3, turns);
              return statement;
            });
      }
    } catch (RuntimeException e) {
      log.warn("Could not renew turn leases: {}", e.toString());
    }
  }

  void sweep() {
    try {
      List<Map<String, Object>> expired =
          jdbc.queryForList(
              "DELETE FROM session_turn_leases WHERE (session_id, turn_id) IN"
                  + " (SELECT session_id, turn_id FROM session_turn_leases"
                  + " WHERE renewed_at < now() - make_interval(secs => ?) FOR UPDATE SKIP LOCKED LIMIT 100)"
                  + " RETURNING turn_id, session_id",
              leaseSeconds);
      for (Map<String, Object> lease : expired) {
        String turnId = (String) lease.get("turn_id");
        log.warn(
            "Turn {} lost its node (lease not renewed for {} s); failing it", turnId, leaseSeconds);
        endOrphan(
            new SessionId((UUID) Objects.requireNonNull(lease.get("session_id"))),
            Objects.requireNonNull(turnId),
            false);
      }
    } catch (RuntimeException e) {
      log.warn("Could not sweep expired turn leases: {}", e.toString());
    }
  }
}
