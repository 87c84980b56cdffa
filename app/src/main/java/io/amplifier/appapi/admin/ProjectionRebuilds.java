package io.amplifier.appapi.admin;

import io.amplifier.appapi.platform.eventstore.DeadLetterQueues;
import io.amplifier.appapi.platform.operations.DaemonThreads;
import io.amplifier.appapi.platform.projections.InlineViews;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.axonframework.common.transaction.Transaction;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.AbstractEventProcessor;
import org.axonframework.eventhandling.EventHandlerInvoker;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.axonframework.eventhandling.TrackingEventProcessorConfiguration;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.WrappedToken;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.deadletter.SequencedDeadLetterQueue;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Rebuilds without downtime. The projection's own handlers replay the event store through a second
 * tracking processor ({@code <name>.rebuild}) whose transactions put a shadow schema first on the
 * {@code search_path}: the same SQL writes copies of the projection's tables ({@code
 * <schema>_shadow.<table>}) while the live processor keeps the live tables current and readers keep
 * reading them. Once the shadow has passed the head it had at the start, one transaction locks the
 * live tables, waits until the shadow covers every live token (so the shadow holds every event the
 * live tables hold; later ones are applied again idempotently), and swaps the tables with {@code
 * ALTER TABLE … SET SCHEMA}. The state lives in {@code projection_state}, so every node reports it
 * and a second rebuild anywhere is refused (409) while one runs.
 *
 * <p>Pace: a rebuild started over HTTP works {@code PROJECTION_REBUILD_SHARE} (default 0.25) of its
 * thread's time and rests the rest, so it takes about a quarter of one core beside the live load;
 * the offline {@code --rebuild} and the switch's last catch-up run at full speed.
 *
 * <p>Dead letters: the replay dead-letters into a queue of its own ({@code <name>.rebuild}), with
 * the same per-aggregate sequencing, policy and batch isolation as the live processor, so a poison
 * event neither stalls the replay nor disappears from it. The switch hands the replay's letters to
 * the live projection's queue (skipping events already waiting there), in the switch transaction,
 * so they are listed at {@code /admin/dead-letters} and retried into the new tables. The live
 * letters stay: one whose event the replay could apply is applied again, idempotently, by a retry.
 */
@Component
class ProjectionRebuilds implements DisposableBean {

  private static final Logger log = LoggerFactory.getLogger(ProjectionRebuilds.class);
  private static final Duration STALE = Duration.ofSeconds(30);
  private static final String SUFFIX = ".rebuild";
  private static final int SWITCH_ATTEMPTS = 10;
  private static final Duration SWITCH_LOCK_WAIT = Duration.ofSeconds(2);
  private static final Duration MAX_PAUSE = Duration.ofSeconds(1);

  /** The tables each rebuildable projection owns (it writes nothing else). */
  static final Map<String, List<String>> TABLES =
      Map.of(
          "application-view", List.of("application_view"),
          "user-view", List.of("user_view"),
          "config-view", List.of("config_view"),
          "recipe-view", List.of("recipe_view"),
          "session-view", List.of("session_view", "session_messages", "session_context"),
          "audit-log", List.of("audit_log", "audit_log_owners"),
          "quota-view", List.of("token_quota"),
          "usage", List.of("usage_calls"));

  private final EventProcessingConfiguration processing;
  private final EventStore eventStore;
  private final TokenStore tokenStore;
  private final TransactionManager axonTransactions;
  private final TransactionTemplate transactions;
  private final JdbcTemplate jdbc;
  private final Serializer serializer;
  private final DeadLetterQueues deadLetters;
  private final double share;
  private final String node = ManagementFactory.getRuntimeMXBean().getName();
  private final ExecutorService runner = DaemonThreads.single("projection-rebuild");

  ProjectionRebuilds(
      EventProcessingConfiguration processing,
      EventStore eventStore,
      TokenStore tokenStore,
      TransactionManager axonTransactions,
      PlatformTransactionManager transactions,
      JdbcTemplate jdbc,
      @Qualifier("serializer") Serializer serializer,
      DeadLetterQueues deadLetters,
      @Value("${PROJECTION_REBUILD_SHARE:0.25}") double share) {
    if (!(share > 0 && share <= 1)) {
      throw new IllegalStateException(
          "PROJECTION_REBUILD_SHARE must be above 0 and at most 1, not " + share);
    }
    this.share = share;
    this.deadLetters = deadLetters;
    this.processing = processing;
    this.eventStore = eventStore;
    this.tokenStore = tokenStore;
    this.axonTransactions = axonTransactions;
    this.transactions = new TransactionTemplate(transactions);
    this.jdbc = jdbc;
    this.serializer = serializer;
  }

  /** A projection's rebuild state as every node sees it. */
  record State(
      String state,
      @Nullable String node,
      java.time.@Nullable Instant startedAt,
      java.time.@Nullable Instant finishedAt,
      @Nullable Long position,
      @Nullable Long head,
      long events,
      @Nullable Double eventsPerSecond,
      @Nullable String error) {}

  /** Why a rebuild cannot start now. */
  static final class Refused extends RuntimeException {
    Refused(String message) {
      super(message);
    }
  }

  boolean rebuildable(String name) {
    return TABLES.containsKey(name);
  }

  Optional<State> state(String name) {
    return jdbc
        .query(
            "SELECT state, node, started_at, finished_at, position, head, events, events_per_second,"
                + " error, updated_at < now() - make_interval(secs => ?) AS stale"
                + " FROM projection_state WHERE name = ?",
            (rs, i) -> {
              String state = rs.getString(1);
              if (rs.getBoolean(10) && ("rebuilding".equals(state) || "switching".equals(state))) {
                state = "failed"; // its node stopped reporting
              }
              return new State(
                  state,
                  rs.getString(2),
                  rs.getTimestamp(3) == null ? null : rs.getTimestamp(3).toInstant(),
                  rs.getTimestamp(4) == null ? null : rs.getTimestamp(4).toInstant(),
                  rs.getObject(5, Long.class),
                  rs.getObject(6, Long.class),
                  rs.getLong(7),
                  rs.getObject(8, Double.class),
                  rs.getString(9));
            },
            (double) STALE.toSeconds(),
            name)
        .stream()
        .findFirst();
  }

  /**
   * Claims the rebuild of {@code name} in the database and runs it in the background.
   *
   * @throws Refused when a rebuild of it runs (on any node) or this node has no such processor
   */
  void start(String name) {
    AbstractEventProcessor live = claim(name);
    runner.execute(() -> run(name, live, progress -> {}, share));
  }

  /**
   * Runs a rebuild in the calling thread, reporting progress; for the offline {@code --rebuild}.
   */
  void runNow(String name, Consumer<State> progress) {
    run(name, claim(name), progress, 1.0);
  }

  private AbstractEventProcessor claim(String name) {
    if (!rebuildable(name)) {
      throw new Refused("Projection '" + name + "' has no read model to rebuild");
    }
    AbstractEventProcessor live =
        live(name)
            .orElseThrow(() -> new Refused("Projection '" + name + "' does not run on this node"));
    int claimed =
        jdbc.update(
            "INSERT INTO projection_state (name, state, node, started_at, updated_at, start_head,"
                + " position, head, events)"
                + " VALUES (?, 'rebuilding', ?, now(), now(), ?, NULL, ?, 0)"
                + " ON CONFLICT (name) DO UPDATE SET state = 'rebuilding', node = EXCLUDED.node,"
                + " started_at = now(), updated_at = now(), finished_at = NULL,"
                + " start_head = EXCLUDED.start_head, position = NULL, head = EXCLUDED.head,"
                + " events = 0, events_per_second = NULL, error = NULL"
                + " WHERE projection_state.state NOT IN ('rebuilding', 'switching')"
                + " OR projection_state.updated_at < now() - make_interval(secs => ?)",
            name,
            node,
            head(),
            head(),
            (double) STALE.toSeconds());
    if (claimed == 0) {
      throw new Refused("A rebuild of projection '" + name + "' is already running");
    }
    return live;
  }

  private void run(
      String name, AbstractEventProcessor live, Consumer<State> progress, double share) {
    List<String> tables = java.util.Objects.requireNonNull(TABLES.get(name), name);
    String schema = jdbc.queryForObject("SELECT current_schema()", String.class);
    String shadow = schema + "_shadow";
    String retired = schema + "_retired";
    String shadowName = name + SUFFIX;
    AtomicLong applied = new AtomicLong();
    TrackingEventProcessor replay = null;
    AtomicBoolean paced = new AtomicBoolean(share < 1);
    try {
      log.info("Rebuilding projection {} into schema {}", name, shadow);
      jdbc.execute("CREATE SCHEMA IF NOT EXISTS " + q(shadow));
      jdbc.execute("CREATE SCHEMA IF NOT EXISTS " + q(retired));
      for (String table : tables) {
        jdbc.execute("DROP TABLE IF EXISTS " + q(shadow) + "." + table);
        jdbc.execute(
            "CREATE TABLE "
                + q(shadow)
                + "."
                + table
                + " (LIKE "
                + q(schema)
                + "."
                + table
                + " INCLUDING ALL)");
      }
      jdbc.update("DELETE FROM tokenentry WHERE processorname = ?", shadowName);
      jdbc.update("DELETE FROM deadletterentry WHERE processinggroup = ?", shadowName);
      replay = replayProcessor(shadowName, live, shadow + ", " + schema, paced, share);
      replay.registerHandlerInterceptor(
          (unitOfWork, chain) -> {
            applied.incrementAndGet();
            return chain.proceed();
          });
      long startHead = head();
      long startedAt = System.nanoTime();
      replay.start();
      while (true) {
        Thread.sleep(100);
        OptionalLong position = position(replay);
        double seconds = Math.max(1e-3, (System.nanoTime() - startedAt) / 1e9);
        report(name, "rebuilding", position, applied.get(), applied.get() / seconds);
        state(name).ifPresent(progress);
        if (position.orElse(-1) >= startHead) { // the switch then waits for the live position
          break;
        }
        if (replay.processingStatus().values().stream().anyMatch(EventTrackerStatus::isErrorState)
            && seconds > 600) {
          throw new IllegalStateException("the replay keeps failing");
        }
      }
      paced.set(false); // the switch holds the live tables: catch up at full speed
      report(name, "switching", position(replay), applied.get(), null);
      switchOver(name, tables, schema, shadow, retired, replay, shadowName);
      for (String table : tables) {
        jdbc.execute("DROP TABLE IF EXISTS " + q(retired) + "." + table);
      }
      jdbc.update("DELETE FROM tokenentry WHERE processorname = ?", shadowName);
      jdbc.update(
          "UPDATE projection_state SET state = 'live', updated_at = now(), finished_at = now(),"
              + " events = ? WHERE name = ?",
          applied.get(),
          name);
      state(name).ifPresent(progress);
      log.info("Rebuilt projection {} from {} events", name, applied.get());
    } catch (Exception e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      log.error("Rebuild of projection {} failed", name, e);
      if (replay != null) {
        replay.shutDown();
      }
      jdbc.update(
          "UPDATE projection_state SET state = 'failed', updated_at = now(), finished_at = now(),"
              + " error = ? WHERE name = ?",
          String.valueOf(e.getMessage()),
          name);
      try {
        for (String table : tables) {
          jdbc.execute("DROP TABLE IF EXISTS " + q(shadow) + "." + table);
        }
        jdbc.update("DELETE FROM tokenentry WHERE processorname = ?", shadowName);
        jdbc.update("DELETE FROM deadletterentry WHERE processinggroup = ?", shadowName);
      } catch (RuntimeException cleanup) {
        log.warn("Could not clean up after the failed rebuild of {}", name, cleanup);
      }
      state(name).ifPresent(progress);
    }
  }

  /**
   * Swaps the shadow tables in, in one transaction that holds the live tables exclusively: no live
   * batch can write them meanwhile, and the shadow must cover every live segment's token first.
   *
   * <p>A live batch may hold one of the tables while it waits for another that the switch already
   * locked (the audit log writes its owners first, the session view its messages): PostgreSQL then
   * aborts one of the two. The lock wait is bounded and a switch that lost is tried again, up to
   * {@link #SWITCH_ATTEMPTS} times, so the rebuild never fails over a lock the live batch releases
   * a moment later.
   */
  private void switchOver(
      String name,
      List<String> tables,
      String schema,
      String shadow,
      String retired,
      TrackingEventProcessor replay,
      String shadowName)
      throws InterruptedException {
    for (int attempt = 1; ; attempt++) {
      try {
        trySwitch(name, tables, schema, shadow, retired, replay, shadowName);
        break;
      } catch (PessimisticLockingFailureException lost) {
        if (attempt >= SWITCH_ATTEMPTS) {
          throw lost;
        }
        log.info(
            "Switch of {} lost a lock to a live batch (attempt {}); trying again", name, attempt);
        jdbc.update(
            "UPDATE projection_state SET updated_at = now() WHERE name = ? AND node = ?",
            name,
            node);
        if (!replay.isRunning()) {
          replay.start(); // it had been stopped when the attempt failed; its token is committed
        }
        Thread.sleep(50L * attempt);
      }
    }
    // The live invoker may remember sequences as empty that now hold the replay's letters.
    live(name)
        .filter(StreamingEventProcessor.class::isInstance)
        .map(StreamingEventProcessor.class::cast)
        .ifPresent(
            processor ->
                processor.processingStatus().values().stream()
                    .map(EventTrackerStatus::getSegment)
                    .forEach(
                        segment ->
                            DeadLetterQueues.forgetCachedSequences(invoker(processor), segment)));
  }

  private void trySwitch(
      String name,
      List<String> tables,
      String schema,
      String shadow,
      String retired,
      TrackingEventProcessor replay,
      String shadowName) {
    transactions.executeWithoutResult(
        tx -> {
          jdbc.execute("SET LOCAL lock_timeout = '" + SWITCH_LOCK_WAIT.toMillis() + "ms'");
          jdbc.execute(
              "LOCK TABLE "
                  + String.join(", ", tables.stream().map(t -> q(schema) + "." + t).toList())
                  + " IN ACCESS EXCLUSIVE MODE");
          boolean inline = live(name).filter(InlineViews::isInline).isPresent();
          List<TrackingToken> liveTokens = inline ? List.of() : tokens(name);
          long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
          while (inline
              ? !coversCommitted(replayToken(replay))
              : !covers(replayToken(replay), liveTokens)) {
            if (System.nanoTime() > deadline) {
              throw new IllegalStateException("the replay did not reach the live position");
            }
            try {
              Thread.sleep(10);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
              throw new IllegalStateException("interrupted while switching", e);
            }
          }
          replay.shutDown();
          if (inline) {
            refuseDeadLetters(shadowName);
          } else {
            handOverDeadLetters(shadowName, name);
          }
          for (String table : tables) {
            jdbc.execute("ALTER TABLE " + q(schema) + "." + table + " SET SCHEMA " + q(retired));
            jdbc.execute("ALTER TABLE " + q(shadow) + "." + table + " SET SCHEMA " + q(schema));
          }
          jdbc.update("UPDATE projection_state SET updated_at = now() WHERE name = ?", name);
        });
  }

  /** The live processor: inline (subscribing), pooled or tracking. */
  private Optional<AbstractEventProcessor> live(String name) {
    return processing.eventProcessor(name, AbstractEventProcessor.class);
  }

  private static EventHandlerInvoker invoker(Object processor) {
    return ((AbstractEventProcessor) processor).eventHandlerInvoker();
  }

  /**
   * For an inline view, under the switch's lock: the replay has every committed event. Commands
   * write an inline view in the transaction that appends their events, so the store's events not
   * yet committed belong to commands that now wait for the lock and will write the new tables
   * themselves; the replay may leave out exactly those (its gaps), and no committed one.
   */
  private boolean coversCommitted(@Nullable TrackingToken replayToken) {
    TrackingToken lower = replayToken == null ? null : WrappedToken.unwrapLowerBound(replayToken);
    long head =
        java.util.Objects.requireNonNullElse(
            jdbc.queryForObject(
                "SELECT coalesce(max(globalindex), -1) FROM domainevententry", Long.class),
            -1L);
    if (head < 0) {
      return true;
    }
    if (!(lower instanceof GapAwareTrackingToken gapAware) || gapAware.getIndex() < head) {
      return false;
    }
    List<Long> gaps = gapAware.getGaps().stream().filter(g -> g <= head).toList();
    if (gaps.isEmpty()) {
      return true;
    }
    Long committed =
        jdbc.queryForObject(
            "SELECT count(*) FROM domainevententry WHERE globalindex = ANY (?)",
            Long.class,
            (Object) gaps.toArray(new Long[0]));
    return committed != null && committed == 0;
  }

  /**
   * An inline view takes no dead letters: every event it holds was applied when its command ran. An
   * event the replay could not apply keeps the live tables (the rebuild fails, saying so).
   */
  private void refuseDeadLetters(String shadowName) {
    Long letters =
        jdbc.queryForObject(
            "SELECT count(*) FROM deadletterentry WHERE processinggroup = ?",
            Long.class,
            shadowName);
    if (letters != null && letters > 0) {
      throw new IllegalStateException(
          "the replay could not apply " + letters + " events; the live tables are kept");
    }
  }

  /**
   * Moves the replay's dead letters into the live queue (but those whose event already waits
   * there), and numbers each sequence again in event order, so a retry applies them in order.
   */
  private void handOverDeadLetters(String from, String to) {
    jdbc.update(
        "DELETE FROM deadletterentry r WHERE r.processinggroup = ? AND EXISTS (SELECT 1 FROM"
            + " deadletterentry l WHERE l.processinggroup = ? AND l.eventidentifier = r.eventidentifier)",
        from,
        to);
    int moved =
        jdbc.update(
            "UPDATE deadletterentry SET processinggroup = ?, sequenceindex = -1000000000 - sequenceindex"
                + " WHERE processinggroup = ?",
            to,
            from);
    if (moved == 0) {
      return;
    }
    log.warn("Rebuild of {} dead-lettered {} events; handed to its live queue", to, moved);
    String order =
        "SELECT deadletteridentifier, row_number() OVER (PARTITION BY sequenceidentifier"
            + " ORDER BY sequencenumber NULLS LAST, enqueuedat, deadletteridentifier) AS n"
            + " FROM deadletterentry WHERE processinggroup = ?";
    jdbc.update(
        "UPDATE deadletterentry d SET sequenceindex = -o.n FROM ("
            + order
            + ") o"
            + " WHERE d.deadletteridentifier = o.deadletteridentifier",
        to);
    jdbc.update(
        "UPDATE deadletterentry SET sequenceindex = -sequenceindex - 1 WHERE processinggroup = ?",
        to);
  }

  /**
   * The replay: the live projection's handlers on the shadow tables. While {@code paced}, each of
   * its transactions is followed by a pause long enough that the replay works {@code share} of its
   * time (so a live rebuild leaves most of a core to the requests it runs beside).
   */
  private TrackingEventProcessor replayProcessor(
      String shadowName,
      AbstractEventProcessor live,
      String searchPath,
      AtomicBoolean paced,
      double share) {
    TransactionManager shadowTransactions =
        new TransactionManager() {
          @Override
          public Transaction startTransaction() {
            long started = System.nanoTime();
            Transaction tx = axonTransactions.startTransaction();
            jdbc.execute("SET LOCAL search_path TO " + searchPath);
            return new Transaction() {
              @Override
              public void commit() {
                tx.commit();
                if (paced.get()) {
                  pause(System.nanoTime() - started, share);
                }
              }

              @Override
              public void rollback() {
                tx.rollback();
              }
            };
          }
        };
    SequencedDeadLetterQueue<EventMessage<?>> queue = deadLetters.queue(shadowName);
    EventHandlerInvoker invoker =
        deadLetters.deadLettering(invoker(live), queue, shadowTransactions);
    AtomicReference<TrackingEventProcessor> built = new AtomicReference<>();
    TrackingEventProcessor replay =
        TrackingEventProcessor.builder()
            .name(shadowName)
            .eventHandlerInvoker(invoker)
            .errorHandler(
                deadLetters.isolating(
                    shadowName,
                    invoker,
                    () ->
                        built.get() == null
                            ? List.of()
                            : built.get().processingStatus().values().stream()
                                .map(EventTrackerStatus::getSegment)
                                .toList(),
                    queue,
                    shadowTransactions))
            .messageSource(eventStore)
            .tokenStore(tokenStore)
            .transactionManager(shadowTransactions)
            .trackingEventProcessorConfiguration(
                TrackingEventProcessorConfiguration.forSingleThreadedProcessing()
                    .andBatchSize(500)
                    .andInitialTrackingToken(source -> source.createTailToken())
                    .andTokenClaimInterval(200, java.util.concurrent.TimeUnit.MILLISECONDS)
                    .andEventAvailabilityTimeout(200, java.util.concurrent.TimeUnit.MILLISECONDS))
            .build();
    built.set(replay);
    return replay;
  }

  private static void pause(long workedNanos, double share) {
    long pause = Math.min((long) (workedNanos * (1 - share) / share), MAX_PAUSE.toNanos());
    if (pause > 0) {
      try {
        TimeUnit.NANOSECONDS.sleep(pause);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private void report(
      String name,
      String state,
      OptionalLong position,
      long events,
      @Nullable Double eventsPerSecond) {
    jdbc.update(
        "UPDATE projection_state SET state = ?, updated_at = now(), position = ?, head = ?,"
            + " events = ?, events_per_second = coalesce(?, events_per_second)"
            + " WHERE name = ? AND node = ?",
        state,
        position.isPresent() ? position.getAsLong() : null,
        head(),
        events,
        eventsPerSecond,
        name,
        node);
  }

  private static @Nullable TrackingToken replayToken(TrackingEventProcessor replay) {
    return replay.processingStatus().values().stream()
        .map(EventTrackerStatus::getTrackingToken)
        .findFirst()
        .orElse(null);
  }

  private static boolean covers(@Nullable TrackingToken shadow, List<TrackingToken> live) {
    for (TrackingToken token : live) {
      if (token == null) {
        continue;
      }
      TrackingToken plain = WrappedToken.unwrapUpperBound(token);
      if (shadow == null || plain == null) {
        return plain == null;
      }
      try {
        if (!WrappedToken.unwrapLowerBound(shadow).covers(plain)) {
          return false;
        }
      } catch (RuntimeException incomparable) {
        return false;
      }
    }
    return true;
  }

  /** The live processor's committed tokens, read without claiming them. */
  private List<TrackingToken> tokens(String name) {
    return jdbc.query(
        "SELECT token, tokentype FROM tokenentry WHERE processorname = ?",
        (rs, i) -> {
          byte[] token = rs.getBytes(1);
          String type = rs.getString(2);
          return token == null || type == null
              ? null
              : (TrackingToken)
                  serializer.deserialize(
                      new SimpleSerializedObject<>(token, byte[].class, type, null));
        },
        name);
  }

  private static OptionalLong position(TrackingEventProcessor processor) {
    TrackingToken token = replayToken(processor);
    return token == null ? OptionalLong.empty() : token.position();
  }

  long head() {
    return eventStore.createHeadToken().position().orElse(0);
  }

  private static String q(String identifier) {
    return "\"" + identifier.replace("\"", "\"\"") + "\"";
  }

  @Override
  public void destroy() {
    runner.shutdownNow();
  }
}
