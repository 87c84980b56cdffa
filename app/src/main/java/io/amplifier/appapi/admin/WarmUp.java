package io.amplifier.appapi.admin;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.amplifier.appapi.configs.api.ConfigAsOf;
import io.amplifier.appapi.configs.api.ConfigId;
import io.amplifier.appapi.configs.api.ConfigView;
import io.amplifier.appapi.configs.api.CreateConfigCommand;
import io.amplifier.appapi.configs.api.FindConfigQuery;
import io.amplifier.appapi.configs.api.FindConfigVersionQuery;
import io.amplifier.appapi.sessions.api.FindSessionQuery;
import io.amplifier.appapi.sessions.api.RecordSessionReplyCommand;
import io.amplifier.appapi.sessions.api.SessionId;
import io.amplifier.appapi.sessions.api.SessionView;
import io.amplifier.appapi.sessions.api.StartSessionCommand;
import io.amplifier.appapi.sessions.api.SubmitSessionMessageCommand;
import io.amplifier.appapi.users.api.Caller;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.MetaData;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.axonframework.spring.config.SpringAxonConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Front-loads the JIT before the port opens ({@code WARMUP_ENABLED}, on by default): after Axon has
 * started and before the web server does, it runs the write and read paths of a config and of a
 * session turn (create a config, read it and its version, start a session, submit a message, record
 * the reply, read the session) through the command and query gateways, {@code WARMUP_ITERATIONS}
 * times or for {@code WARMUP_MAX_DURATION}, whichever ends first.
 *
 * <p>Nothing is left behind: each iteration runs in one Spring transaction that is rolled back (the
 * command bus handles commands in the caller's thread and the event store, {@code config_data_keys}
 * and every other write join it, the inline views' rows too; the streaming processors never see an
 * uncommitted event). The configs carry no secret, so no data key is made or remembered; aggregates
 * are not cached. Commands are sent as the reserved principal {@code #warm-up}, which no caller can
 * be: the one thing left in memory is its last-write consistency token (audit's {@code
 * ConsistencyTokens}, gone within a minute). Rolled-back appends still take values of the event
 * store's {@code globalindex} sequence, which tracking processors would carry as gaps for a minute:
 * the sequence is set back to the highest stored index afterwards, under a lock that holds other
 * appends (of any node) for that instant (waited for 200 ms at most, else the indexes stay unused),
 * so no index a processor may have passed is handed out again.
 */
@Component
class WarmUp implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(WarmUp.class);

  /** A reserved principal (no caller can be one), acting as the service itself. */
  private static final String OWNER = Caller.RESERVED_PREFIX + "warm-up";

  private static final MetaData ACTOR =
      MetaData.with(Caller.USER_ID, OWNER)
          .and(Caller.APP_ID, OWNER)
          .and(Caller.ACTOR, Caller.ACTOR_SYSTEM)
          .and(Caller.REQUEST_ID, OWNER);

  private final CommandGateway commands;
  private final QueryGateway queries;
  private final TransactionTemplate transactions;
  private final JdbcTemplate jdbc;
  private final ObjectMapper json;
  private final Counter iterations;
  private final boolean enabled;
  private final int maxIterations;
  private final Duration maxDuration;
  private volatile boolean running;

  WarmUp(
      CommandGateway commands,
      QueryGateway queries,
      PlatformTransactionManager transactionManager,
      JdbcTemplate jdbc,
      ObjectMapper json,
      MeterRegistry meters,
      @Value("${amplifier.warmup.enabled:true}") boolean enabled,
      @Value("${amplifier.warmup.iterations:200}") int maxIterations,
      @Value("${amplifier.warmup.max-duration:3s}") Duration maxDuration) {
    this.commands = commands;
    this.queries = queries;
    this.transactions = new TransactionTemplate(transactionManager);
    this.jdbc = jdbc;
    this.json = json;
    this.iterations =
        Counter.builder("amplifier.warmup.iterations")
            .description("Iterations of the start-up warm-up (rolled back)")
            .register(meters);
    this.enabled = enabled;
    this.maxIterations = maxIterations;
    this.maxDuration = maxDuration;
  }

  /** After Axon's own start (its processors and buses), before the web server's. */
  @Override
  public int getPhase() {
    return SpringAxonConfiguration.LIFECYCLE_PHASE + 512;
  }

  @Override
  public void start() {
    running = true;
    if (!enabled || maxIterations <= 0) {
      return;
    }
    long started = System.nanoTime();
    long deadline = started + maxDuration.toNanos();
    int done = 0;
    try {
      while (done < maxIterations && System.nanoTime() < deadline) {
        transactions.executeWithoutResult(
            status -> {
              once();
              status.setRollbackOnly();
            });
        done++;
        iterations.increment();
      }
    } catch (RuntimeException e) {
      // A warm-up that fails must not stop the service: its requests will say what is wrong.
      log.warn("Warm-up stopped after {} iterations: {}", done, e.toString());
    } finally {
      long reclaimed = reclaimIndexes();
      log.info(
          "Warm-up: {} iterations in {} ms (rolled back; {} event indexes reclaimed)",
          done,
          (System.nanoTime() - started) / 1_000_000,
          reclaimed);
    }
  }

  private void once() {
    ConfigId config = ConfigId.random();
    ObjectNode document = json.createObjectNode();
    document.putObject("bundle").put("name", "warm-up");
    document.putArray("providers").addObject().put("module", "provider-echo");
    send(new CreateConfigCommand(config, OWNER, "warm-up", "warm-up", document, Map.of("a", "b")));
    queries
        .query(
            new FindConfigQuery(config, OWNER, -1),
            ResponseTypes.optionalInstanceOf(ConfigView.class))
        .join();
    queries
        .query(
            new FindConfigVersionQuery(config, OWNER, null, null),
            ResponseTypes.optionalInstanceOf(ConfigAsOf.class))
        .join();
    SessionId session = new SessionId(UUID.randomUUID());
    send(
        new StartSessionCommand(
            session, OWNER, config.toString(), Map.of(), Map.of(), null, null, List.of()));
    String turn = UUID.randomUUID().toString();
    send(new SubmitSessionMessageCommand(session, OWNER, turn, "my name is warm-up", null));
    send(new RecordSessionReplyCommand(session, turn, "echo: my name is warm-up", Map.of(), false));
    queries
        .query(
            new FindSessionQuery(session, OWNER, -1),
            ResponseTypes.optionalInstanceOf(SessionView.class))
        .join();
  }

  /** Sends {@code command} as the reserved principal and waits for it. */
  private void send(Object command) {
    commands.sendAndWait(GenericCommandMessage.asCommandMessage(command).withMetaData(ACTOR));
  }

  /**
   * Sets the event store's sequence back to the highest stored index. Under the lock no append is
   * in flight on any node, so every value above that index was taken by a rolled-back append.
   */
  private long reclaimIndexes() {
    try {
      Long reclaimed =
          transactions.execute(
              status -> {
                // Appends of other nodes queue behind this lock: never wait long for it.
                jdbc.execute("SET LOCAL lock_timeout = '200ms'");
                jdbc.execute("LOCK TABLE domainevententry IN SHARE ROW EXCLUSIVE MODE");
                String sequence =
                    jdbc.queryForObject(
                        "SELECT pg_get_serial_sequence('domainevententry', 'globalindex')",
                        String.class);
                Long last =
                    jdbc.queryForObject(
                        "SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM " + sequence,
                        Long.class);
                Long stored =
                    jdbc.queryForObject(
                        "SELECT coalesce(max(globalindex), 0) FROM domainevententry", Long.class);
                if (last == null || stored == null || last <= stored) {
                  return 0L;
                }
                jdbc.queryForObject(
                    "SELECT setval(?::regclass, ?, ?)",
                    Long.class,
                    sequence,
                    Math.max(stored, 1),
                    stored > 0);
                return last - stored;
              });
      return reclaimed == null ? 0 : reclaimed;
    } catch (RuntimeException e) {
      log.warn("Warm-up left its event indexes unused: {}", e.toString());
      return 0;
    }
  }

  @Override
  public void stop() {
    running = false;
  }

  @Override
  public boolean isRunning() {
    return running;
  }
}
