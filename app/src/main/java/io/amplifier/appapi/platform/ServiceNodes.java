package io.amplifier.appapi.platform;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import java.lang.management.ManagementFactory;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Shares the streaming processors' segments among the nodes on one database. Axon lets any node
 * claim a free segment (and take over one whose owner stopped extending its claim for the claim
 * timeout), but never hands segments back: the first node up would keep them all. So each node
 * renews its row in {@code service_nodes} every two seconds and, when it holds more than its fair
 * share ({@code ceil(segments / live nodes)}) of a processor while another live node holds less,
 * releases the surplus for a few seconds so that node claims it. A processor stored with one
 * segment (a database from before) is split at start-up, before the processors run.
 */
@Component
class ServiceNodes {

  private static final Logger log = LoggerFactory.getLogger(ServiceNodes.class);
  private static final long TICK_MILLIS = 2_000;
  private static final Duration RELEASE_FOR = Duration.ofSeconds(5);
  private static final Duration BACK_OFF = Duration.ofSeconds(30);

  /** This node's id: the token store's owner name for its claims (Axon's default). */
  static final String NODE_ID = ManagementFactory.getRuntimeMXBean().getName();

  private final JdbcTemplate jdbc;
  private final EventProcessingConfiguration processing;
  private final Duration claimTimeout;
  private final int segments;
  private final boolean offline;
  private final Map<String, Long> quietUntil = new ConcurrentHashMap<>();
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "service-nodes");
            t.setDaemon(true);
            return t;
          });
  private long ticks;

  ServiceNodes(
      JdbcTemplate jdbc,
      EventProcessingConfiguration processing,
      ApplicationArguments arguments,
      @Value("${axon.eventhandling.tokenstore.claim-timeout:5s}") Duration claimTimeout,
      @Value("${PROJECTION_SEGMENTS:4}") int segments) {
    this.jdbc = jdbc;
    this.processing = processing;
    this.claimTimeout = claimTimeout;
    this.segments = Math.max(1, segments);
    // an offline --rebuild is no node: it must not draw segments away from the serving ones
    this.offline = arguments.containsOption("rebuild");
  }

  @PostConstruct
  void start() {
    if (!offline) {
      processing.eventProcessors().values().stream()
          .filter(StreamingEventProcessor.class::isInstance)
          .forEach(processor -> splitStoredSegment(processor.getName()));
      timer.scheduleWithFixedDelay(this::tick, 0, TICK_MILLIS, TimeUnit.MILLISECONDS);
    }
  }

  /**
   * A database from before several segments holds one segment per processor. Before the processors
   * start, that one row becomes {@code PROJECTION_SEGMENTS} rows at the same token, which is what
   * Axon's own split gives (segment {@code i} of mask {@code n-1} covers a {@code 1/n} share). Done
   * in one transaction under an advisory lock, only while no live node claims the row, and only for
   * a power of two; anything else is left as it is (it works, on fewer nodes). Axon's runtime split
   * was tried first and dropped: an instruction that times out stays queued and splits again later,
   * past the count.
   */
  private void splitStoredSegment(String name) {
    if (segments < 2 || Integer.bitCount(segments) != 1) {
      return;
    }
    try {
      jdbc.execute(
          (ConnectionCallback<@Nullable Void>)
              connection -> {
                boolean autoCommit = connection.getAutoCommit();
                connection.setAutoCommit(false);
                try {
                  splitStoredSegment(connection, name);
                  connection.commit();
                } catch (SQLException | RuntimeException e) {
                  connection.rollback();
                  throw e;
                } finally {
                  connection.setAutoCommit(autoCommit);
                }
                return null;
              });
    } catch (RuntimeException e) {
      log.warn("Could not split the stored segment of {}: {}", name, e.toString());
    }
  }

  private void splitStoredSegment(Connection connection, String name) throws SQLException {
    try (PreparedStatement lock =
        connection.prepareStatement("SELECT pg_advisory_xact_lock(hashtext(?))")) {
      lock.setString(1, "amplifier.split:" + name);
      lock.execute();
    }
    try (PreparedStatement rows =
        connection.prepareStatement(
            "SELECT count(*), bool_and(segment = 0 AND (owner IS NULL OR timestamp IS NULL"
                + " OR timestamp::timestamptz < now() - make_interval(secs => ?)))"
                + " FROM tokenentry WHERE processorname = ?")) {
      rows.setDouble(1, claimTimeout.toMillis() / 1000.0);
      rows.setString(2, name);
      try (ResultSet rs = rows.executeQuery()) {
        if (!rs.next() || rs.getInt(1) != 1 || !rs.getBoolean(2)) {
          return; // fresh (Axon creates the segments), already split, or claimed by a live node
        }
      }
    }
    try (PreparedStatement copy =
        connection.prepareStatement(
            "INSERT INTO tokenentry (processorname, segment, token, tokentype, timestamp, owner)"
                + " SELECT processorname, s, token, tokentype, timestamp, NULL"
                + " FROM tokenentry, generate_series(1, ?) s"
                + " WHERE processorname = ? AND segment = 0")) {
      copy.setInt(1, segments - 1);
      copy.setString(2, name);
      copy.executeUpdate();
    }
    try (PreparedStatement release =
        connection.prepareStatement(
            "UPDATE tokenentry SET owner = NULL WHERE processorname = ? AND segment = 0")) {
      release.setString(1, name);
      release.executeUpdate();
    }
    log.info("Split the one stored segment of {} into {}", name, segments);
  }

  @PreDestroy
  void stop() {
    timer.shutdownNow();
    if (!offline) {
      try {
        jdbc.update("DELETE FROM service_nodes WHERE node_id = ?", NODE_ID);
      } catch (RuntimeException e) {
        log.debug("Could not remove this node's row: {}", e.toString());
      }
    }
  }

  private void tick() {
    try {
      jdbc.update(
          "INSERT INTO service_nodes (node_id) VALUES (?)"
              + " ON CONFLICT (node_id) DO UPDATE SET heartbeat_at = now()",
          NODE_ID);
      if (ticks++ % 1_000 == 0) {
        jdbc.update("DELETE FROM service_nodes WHERE heartbeat_at < now() - interval '1 hour'");
      }
      Set<String> live = liveNodes();
      processing.eventProcessors().values().stream()
          .filter(StreamingEventProcessor.class::isInstance)
          .map(StreamingEventProcessor.class::cast)
          .filter(StreamingEventProcessor::isRunning)
          .forEach(processor -> balance(processor, live));
    } catch (RuntimeException e) {
      log.debug("Could not balance segments this time: {}", e.toString());
    }
  }

  /** The nodes that renewed their row within the claim timeout (this one included). */
  Set<String> liveNodes() {
    Set<String> live =
        new TreeSet<>(
            jdbc.queryForList(
                "SELECT node_id FROM service_nodes"
                    + " WHERE heartbeat_at > now() - make_interval(secs => ?)",
                String.class,
                claimTimeout.toMillis() / 1000.0));
    live.add(NODE_ID);
    return live;
  }

  private void balance(StreamingEventProcessor processor, Set<String> live) {
    String name = processor.getName();
    Map<String, Integer> held = new HashMap<>();
    List<Map<String, Object>> rows =
        jdbc.queryForList("SELECT owner FROM tokenentry WHERE processorname = ?", name);
    if (rows.isEmpty()) {
      return; // not initialized yet
    }
    for (Map<String, Object> row : rows) {
      Object owner = row.get("owner");
      if (owner != null) {
        held.merge(owner.toString(), 1, Integer::sum);
      }
    }
    TreeSet<Integer> mine = new TreeSet<>(processor.processingStatus().keySet());
    long now = System.nanoTime();
    int fair = (rows.size() + live.size() - 1) / live.size();
    boolean someoneShort =
        live.stream().anyMatch(node -> !node.equals(NODE_ID) && held.getOrDefault(node, 0) < fair);
    if (mine.size() > fair && someoneShort && quiet(name, now)) {
      int surplus = mine.size() - fair;
      for (int segment : mine.descendingSet().stream().limit(surplus).toList()) {
        processor.releaseSegment(segment, RELEASE_FOR.toMillis(), TimeUnit.MILLISECONDS);
      }
      quietUntil.put(name, now + BACK_OFF.toNanos());
      log.info(
          "Released {} segment(s) of {} to the other {} node(s)", surplus, name, live.size() - 1);
    }
  }

  private boolean quiet(String name, long now) {
    Long until = quietUntil.get(name);
    return until == null || now - until > 0;
  }
}
