package io.amplifier.appapi.sessions.runtime;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.amplifier.appapi.configs.api.ConfigId;
import io.amplifier.appapi.configs.api.ConfigView;
import io.amplifier.appapi.configs.api.FindConfigQuery;
import io.amplifier.appapi.sessions.api.DropQueuedSessionTurnCommand;
import io.amplifier.appapi.sessions.api.EnqueueSessionTurnCommand;
import io.amplifier.appapi.sessions.api.FindSessionQuery;
import io.amplifier.appapi.sessions.api.SessionId;
import io.amplifier.appapi.sessions.api.SessionStatus;
import io.amplifier.appapi.sessions.api.SessionTurnView;
import io.amplifier.appapi.sessions.api.SessionView;
import io.amplifier.appapi.sessions.api.TurnStatus;
import io.amplifier.appapi.sessions.command.TurnRunningException;
import io.amplifier.appapi.users.api.Caller;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.MetaData;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Double-texting (ADR 25): whether a message's turn starts now, is refused, or waits behind the
 * running turn, as its {@code multitask_strategy} (or its config's {@code
 * session.multitask_strategy}, else {@code reject}) says. A queued turn is an event on the session
 * ({@code SessionTurnEnqueued}, kept in {@code session_turn_queue} inline), so it holds no thread
 * and no lease while it waits and survives its node: when a turn ends here the next queued one of
 * its session starts at once, and every {@code TURN_QUEUE_SWEEP_MILLIS} each node starts the queued
 * turns whose session runs none (one node per turn: a claim on its row). The session's one running
 * turn is the aggregate's rule and the lease's, as before; at most {@value #MAX_QUEUED} turns wait
 * per session. A caller waiting for a queued turn here ({@code /messages}) is told when it ends,
 * wherever it ran.
 */
@Component
public class TurnQueue {

  private static final Logger log = LoggerFactory.getLogger(TurnQueue.class);

  /** The most turns that wait in one session. */
  public static final int MAX_QUEUED = 8;

  /** How long a node may take to start a queued turn it claimed before another may. */
  private static final int CLAIM_SECONDS = 30;

  /** The longest a caller waits here for a queued turn (beyond the request's own timeout). */
  private static final long WAIT_MINUTES = 35;

  private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

  private final TurnService turns;
  private final TurnLeases leases;
  private final CommandGateway commands;
  private final QueryGateway queries;
  private final JdbcTemplate jdbc;
  private final ObjectMapper json;
  private final long sweepMillis;

  /** Callers here waiting for a queued turn: turn id to the session and their future. */
  private final Map<String, Waiting> waiting = new ConcurrentHashMap<>();

  /** Of those, the turns started here (told directly, not by the sweep). */
  private final Set<String> startedHere = ConcurrentHashMap.newKeySet();

  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "turn-queue");
            t.setDaemon(true);
            return t;
          });

  private record Waiting(SessionId session, CompletableFuture<TurnRunner.Outcome> outcome) {}

  /**
   * A message's turn as accepted: {@code queued} when it waits behind another turn; {@code outcome}
   * completes once it has ended (a failed start of a queued turn completes it with the refusal).
   */
  public record Accepted(
      String turnId, boolean queued, CompletableFuture<TurnRunner.Outcome> outcome) {}

  TurnQueue(
      TurnService turns,
      TurnLeases leases,
      CommandGateway commands,
      QueryGateway queries,
      JdbcTemplate jdbc,
      ObjectMapper json,
      @Value("${TURN_QUEUE_SWEEP_MILLIS:500}") long sweepMillis) {
    this.turns = turns;
    this.leases = leases;
    this.commands = commands;
    this.queries = queries;
    this.jdbc = jdbc;
    this.json = json;
    this.sweepMillis = Math.max(50, sweepMillis);
  }

  @PostConstruct
  void start() {
    turns.whenTurnEnds(session -> timer.execute(() -> next(session)));
    timer.scheduleWithFixedDelay(this::sweep, sweepMillis, sweepMillis, TimeUnit.MILLISECONDS);
  }

  @PreDestroy
  void stop() {
    timer.shutdownNow();
  }

  /**
   * Starts {@code message}'s turn in {@code session}, or applies its strategy ({@code requested},
   * else the config's, else {@code reject}) when a turn runs or queued turns wait: {@link
   * TurnRunningException} (409) for {@code reject} or a full queue; otherwise the turn is queued
   * (and, for {@code interrupt} and {@code rollback}, the running turn asked to stop).
   */
  public Accepted submit(
      SessionView session,
      Caller caller,
      String message,
      @Nullable Map<String, Object> context,
      List<ToolSpec> tools,
      boolean stream,
      @Nullable MultitaskStrategy requested) {
    MultitaskStrategy strategy = requested;
    boolean tryStart = !busy(session, caller);
    TurnRunningException busy = null;
    for (int attempt = 0; attempt < 4; attempt++) {
      if (tryStart) {
        try {
          TurnService.StartedTurn started =
              turns.start(session, caller, message, context, tools, stream);
          return new Accepted(started.turnId(), false, started.outcome());
        } catch (TurnRunningException e) {
          busy = e;
        }
      }
      if (strategy == null) {
        strategy = configured(session);
      }
      if (strategy == MultitaskStrategy.REJECT) {
        throw busy != null ? busy : runningNow(session);
      }
      String turnId = UUID.randomUUID().toString();
      long queued =
          commands.sendAndWait(
              new EnqueueSessionTurnCommand(
                  session.sessionId(),
                  caller.userId().value(),
                  turnId,
                  message,
                  context,
                  strategy.wire(),
                  stream,
                  toolsJson(tools),
                  MAX_QUEUED));
      if (queued < 0) {
        tryStart = true; // the running turn ended meanwhile: start as any other
        continue;
      }
      CompletableFuture<TurnRunner.Outcome> outcome = new CompletableFuture<>();
      waiting.put(turnId, new Waiting(session.sessionId(), outcome));
      outcome
          .orTimeout(WAIT_MINUTES, TimeUnit.MINUTES)
          .whenComplete(
              (o, f) -> {
                waiting.remove(turnId);
                startedHere.remove(turnId);
              });
      SessionId id = session.sessionId();
      timer.execute(() -> next(id)); // the running turn may have ended just now
      return new Accepted(turnId, true, outcome);
    }
    throw busy != null ? busy : runningNow(session);
  }

  /**
   * Whether the session's view shows it busy, so the message need not take a lease to learn it: a
   * turn runs on a live node (one whose node died is freed by the start) or turns are queued. A
   * viewer is never told so: the session refuses it as a viewer.
   */
  private boolean busy(SessionView session, Caller caller) {
    if ("viewer".equals(session.roleOf(caller.userId().value()))) {
      return false;
    }
    String running = session.runningTurn();
    if (running != null) {
      return !leases.orphaned(session.sessionId(), running);
    }
    return queued(session.sessionId()) > 0;
  }

  /** How many turns wait in {@code session}. */
  int queued(SessionId session) {
    Integer n =
        jdbc.queryForObject(
            "SELECT count(*) FROM session_turn_queue WHERE session_id = ?",
            Integer.class,
            session.value());
    return n == null ? 0 : n;
  }

  /** The 409 of a session whose view shows a running turn (or queued ones). */
  private TurnRunningException runningNow(SessionView session) {
    String running = session.runningTurn();
    int queued = queued(session.sessionId());
    if (running == null) {
      running =
          jdbc
              .queryForList(
                  "SELECT turn_id FROM session_turn_queue WHERE session_id = ? ORDER BY position"
                      + " LIMIT 1",
                  String.class,
                  session.sessionId().value())
              .stream()
              .findFirst()
              .orElse("");
    }
    return new TurnRunningException(
        running, queued, "A turn is already running in this session; wait or cancel it");
  }

  /** The session config's {@code session.multitask_strategy}, or {@code reject}. */
  private MultitaskStrategy configured(SessionView session) {
    try {
      Optional<ConfigView> config =
          queries
              .query(
                  new FindConfigQuery(ConfigId.parse(session.configId()), session.ownerId(), -1),
                  ResponseTypes.optionalInstanceOf(ConfigView.class))
              .join();
      String value =
          config
              .map(c -> c.configData().path("session").path("multitask_strategy").asText(null))
              .orElse(null);
      MultitaskStrategy strategy = MultitaskStrategy.parse(value, MultitaskConfigRule.PATH);
      return strategy == null ? MultitaskStrategy.REJECT : strategy;
    } catch (MultitaskStrategyException | IllegalArgumentException e) {
      return MultitaskStrategy.REJECT; // a config written before the rule: today's behaviour
    }
  }

  private @Nullable String toolsJson(List<ToolSpec> tools) {
    if (tools.isEmpty()) {
      return null;
    }
    try {
      return json.writeValueAsString(tools);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Client tools could not be written", e);
    }
  }

  private List<ToolSpec> tools(@Nullable String text) {
    if (text == null) {
      return List.of();
    }
    try {
      return List.of(json.readValue(text, ToolSpec[].class));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Queued client tools could not be read", e);
    }
  }

  /**
   * Starts the next queued turn of {@code session} here, unless a turn runs or another node does.
   */
  void next(SessionId session) {
    try {
      List<Map<String, Object>> rows =
          jdbc.queryForList(
              "SELECT * FROM session_turn_queue WHERE session_id = ? ORDER BY position LIMIT 1",
              session.value());
      if (rows.isEmpty()) {
        return;
      }
      Map<String, Object> row = rows.get(0);
      String turnId = (String) row.get("turn_id");
      int claimed =
          jdbc.update(
              "UPDATE session_turn_queue SET claimed_until = now() + make_interval(secs => ?)"
                  + " WHERE turn_id = ? AND (claimed_until IS NULL OR claimed_until < now())",
              CLAIM_SECONDS,
              turnId);
      if (claimed == 0) {
        return;
      }
      startClaimed(session, row);
    } catch (RuntimeException e) {
      log.warn("Could not start the next queued turn of {}: {}", session, e.toString());
    }
  }

  private void startClaimed(SessionId session, Map<String, Object> row) {
    String turnId = String.valueOf(row.get("turn_id"));
    String author = String.valueOf(row.get("author_id"));
    Optional<SessionView> found =
        queries
            .query(
                new FindSessionQuery(session, author, -1),
                ResponseTypes.optionalInstanceOf(SessionView.class))
            .join();
    if (found.isEmpty() || found.get().status() != SessionStatus.ACTIVE) {
      drop(session, turnId, "The session is not active any more");
      return;
    }
    SessionView view = found.get();
    if (view.runningTurn() != null) {
      unclaim(turnId, 0); // its end starts this one
      return;
    }
    try {
      Map<String, Object> actor = json.readValue(String.valueOf(row.get("actor")), MAP);
      Object context = row.get("context");
      Map<String, Object> contextMap =
          context == null ? null : json.readValue(context.toString(), MAP);
      TurnService.StartedTurn started =
          turns.startQueued(
              view,
              author,
              actor,
              turnId,
              String.valueOf(row.get("content")),
              contextMap,
              tools((String) row.get("tools")),
              Boolean.TRUE.equals(row.get("streamed")));
      Waiting caller = waiting.get(turnId);
      if (caller != null) {
        startedHere.add(turnId);
        started
            .outcome()
            .whenComplete(
                (outcome, failure) -> {
                  if (failure != null) {
                    caller.outcome().completeExceptionally(failure);
                  } else {
                    caller.outcome().complete(outcome);
                  }
                });
      }
    } catch (TurnRunningException stillBusy) {
      unclaim(turnId, 0);
    } catch (TurnQuotaException | TurnCapacityException full) {
      unclaim(turnId, 1); // it waits until the caller or this node has room
    } catch (JsonProcessingException unreadable) {
      drop(session, turnId, "The queued turn could not be read");
    } catch (RuntimeException refused) {
      drop(session, turnId, "The queued turn could not start: " + refused.getMessage());
      Waiting caller = waiting.get(turnId);
      if (caller != null) {
        caller.outcome().completeExceptionally(refused);
      }
    }
  }

  private void unclaim(String turnId, int afterSeconds) {
    jdbc.update(
        "UPDATE session_turn_queue SET claimed_until = CASE WHEN ? = 0 THEN NULL"
            + " ELSE now() + make_interval(secs => ?) END WHERE turn_id = ?",
        afterSeconds,
        afterSeconds,
        turnId);
  }

  /**
   * Takes queued turn {@code turnId} out of the queue, as the system, its {@code
   * SessionTurnEnqueued} event the cause.
   */
  private void drop(SessionId session, String turnId, String reason) {
    log.info("Queued turn {} of {} is dropped: {}", turnId, session, reason);
    String cause =
        jdbc
            .queryForList(
                "SELECT eventidentifier FROM domainevententry WHERE aggregateidentifier = ?"
                    + " AND payloadtype = 'sessions.SessionTurnEnqueued'"
                    + " AND convert_from(payload, 'UTF8')::jsonb ->> 'turnId' = ?"
                    + " ORDER BY sequencenumber DESC LIMIT 1",
                String.class,
                session.toString(),
                turnId)
            .stream()
            .findFirst()
            .orElse(turnId);
    try {
      commands.sendAndWait(
          GenericCommandMessage.asCommandMessage(
                  new DropQueuedSessionTurnCommand(session, turnId, reason))
              .withMetaData(
                  MetaData.with(Caller.USER_ID, Caller.SYSTEM_PRINCIPAL)
                      .and(Caller.APP_ID, Caller.SYSTEM_PRINCIPAL)
                      .and(Caller.ACTOR, Caller.ACTOR_SYSTEM)
                      .and(Caller.CAUSATION_ID, cause)));
    } catch (RuntimeException e) {
      log.warn("Could not drop queued turn {}: {}", turnId, e.toString());
    }
    jdbc.update("DELETE FROM session_turn_queue WHERE turn_id = ?", turnId);
  }

  /**
   * Starts the queued turns of sessions that run none (their last turn ended on a node that died,
   * or before the turn was queued), and tells callers here of queued turns that ended elsewhere.
   */
  void sweep() {
    try {
      List<java.util.UUID> sessions =
          jdbc.queryForList(
              "SELECT DISTINCT q.session_id FROM session_turn_queue q"
                  + " WHERE (q.claimed_until IS NULL OR q.claimed_until < now())"
                  + " AND NOT EXISTS (SELECT 1 FROM session_turn_leases l"
                  + " WHERE l.session_id = q.session_id) LIMIT 64",
              java.util.UUID.class);
      for (java.util.UUID session : sessions) {
        next(new SessionId(session));
      }
      for (Map.Entry<String, Waiting> entry : waiting.entrySet()) {
        if (!startedHere.contains(entry.getKey())) {
          completeRemote(entry.getKey(), entry.getValue());
        }
      }
    } catch (RuntimeException e) {
      log.warn("Could not sweep queued turns: {}", e.toString());
    }
  }

  private void completeRemote(String turnId, Waiting caller) {
    Integer rows =
        jdbc.queryForObject(
            "SELECT count(*) FROM session_turn_queue WHERE turn_id = ?", Integer.class, turnId);
    if (rows == null || rows > 0) {
      return; // still waiting for its turn
    }
    Optional<SessionTurnView> turn = turns.find(caller.session(), turnId);
    if (turn.isEmpty()) {
      caller
          .outcome()
          .completeExceptionally(
              new TurnEndedException("The queued turn was dropped before it ran"));
      return;
    }
    if (!turn.get().status().ended()) {
      return;
    }
    SessionTurnView ended = turn.get();
    boolean failed = ended.status() == TurnStatus.FAILED;
    caller
        .outcome()
        .complete(
            new TurnRunner.Outcome(
                turnId,
                ended.result() == null ? "" : ended.result(),
                ended.usage(),
                ended.status() == TurnStatus.CANCELLED,
                failed ? (ended.error() == null ? "The turn failed" : ended.error()) : null,
                failed ? "bad-gateway" : null,
                -1,
                false));
  }
}
