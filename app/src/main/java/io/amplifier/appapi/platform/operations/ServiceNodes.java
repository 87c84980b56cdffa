package io.amplifier.appapi.platform.operations;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.Segment;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.pooled.PooledStreamingEventProcessor;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Shares the streaming processors' segments among the nodes on one database. Axon lets any node
 * claim a free segment (and take over one whose owner stopped extending its claim for the claim
 * timeout), but never hands segments back: the first node up would keep them all. So each node
 * renews its row in {@code service_nodes} every two seconds and, when it holds more than its fair
 * share ({@code ceil(segments / live nodes)}) of a processor while another live node holds less,
 * releases the surplus for a few seconds so that node claims it.
 *
 * <p>A node alone needs no more than one segment per processor, and each segment costs its own
 * transaction and token update per batch: so a node that has been alone for {@code
 * amplifier.nodes.merge-after} (30 s; or since it started) merges each pooled processor's segments
 * down to one, and splits them back to {@code PROJECTION_SEGMENTS} once another node is live,
 * before sharing them out. Both are Axon's own split and merge, one at a time per processor, each
 * awaited before the next; a processor stored with one segment (a database from before) is split
 * the same way.
 */
@Component
class ServiceNodes {

  private static final Logger log = LoggerFactory.getLogger(ServiceNodes.class);
  private static final long TICK_MILLIS = 2_000;
  private static final Duration RELEASE_FOR = Duration.ofSeconds(5);
  private static final Duration BACK_OFF = Duration.ofSeconds(30);
  private static final Duration STEP_TIMEOUT = Duration.ofSeconds(60);

  /**
   * The application contexts running in this JVM. Tests run several, which share one token owner
   * ({@link #NODE_ID}) and so cannot tell each other's claims apart: they leave the segments as
   * they are.
   */
  private static final java.util.concurrent.atomic.AtomicInteger CONTEXTS =
      new java.util.concurrent.atomic.AtomicInteger();

  /** This node's id: the token store's owner name for its claims (Axon's default). */
  static final String NODE_ID = ManagementFactory.getRuntimeMXBean().getName();

  private final JdbcTemplate jdbc;
  private final EventProcessingConfiguration processing;
  private final Duration claimTimeout;
  private final Duration mergeAfter;
  private final int segments;
  private final boolean offline;
  private final Map<String, Long> quietUntil = new ConcurrentHashMap<>();
  private final ScheduledExecutorService timer = DaemonThreads.scheduled("service-nodes");
  private final Map<String, Step> reshaping = new ConcurrentHashMap<>();
  private long ticks;
  private boolean sawAnotherNode;
  private long aloneSince = System.nanoTime();

  ServiceNodes(
      JdbcTemplate jdbc,
      EventProcessingConfiguration processing,
      ApplicationArguments arguments,
      @Value("${axon.eventhandling.tokenstore.claim-timeout:5s}") Duration claimTimeout,
      @Value("${PROJECTION_SEGMENTS:4}") int segments,
      @Value("${amplifier.nodes.merge-after:30s}") Duration mergeAfter) {
    this.jdbc = jdbc;
    this.mergeAfter = mergeAfter;
    this.processing = processing;
    this.claimTimeout = claimTimeout;
    this.segments = Math.max(1, segments);
    // an offline --rebuild is no node: it must not draw segments away from the serving ones
    this.offline = arguments.containsOption("rebuild");
  }

  @PostConstruct
  void start() {
    if (!offline) {
      CONTEXTS.incrementAndGet();
      timer.scheduleWithFixedDelay(this::tick, 0, TICK_MILLIS, TimeUnit.MILLISECONDS);
    }
  }

  @PreDestroy
  void stop() {
    timer.shutdownNow();
    if (!offline) {
      CONTEXTS.decrementAndGet();
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
      long now = System.nanoTime();
      if (live.size() > 1) {
        sawAnotherNode = true;
        aloneSince = now;
      }
      boolean alone =
          live.size() == 1 && (!sawAnotherNode || now - aloneSince > mergeAfter.toNanos());
      Map<String, List<String>> owners = tokenOwners();
      processing.eventProcessors().values().stream()
          .filter(StreamingEventProcessor.class::isInstance)
          .map(StreamingEventProcessor.class::cast)
          .filter(StreamingEventProcessor::isRunning)
          .forEach(
              processor -> {
                List<String> rows = owners.getOrDefault(processor.getName(), List.of());
                if (!reshape(processor, rows, live, alone)) {
                  balance(processor, rows, live);
                }
              });
    } catch (RuntimeException e) {
      log.debug("Could not balance segments this time: {}", e.toString());
    }
  }

  /**
   * Every processor's token rows in one read: the owner of each segment, {@code ""} where none
   * holds it.
   */
  private Map<String, List<String>> tokenOwners() {
    Map<String, List<String>> owners = new HashMap<>();
    jdbc.query(
        "SELECT processorname, owner FROM tokenentry",
        row -> {
          String owner = row.getString(2);
          owners
              .computeIfAbsent(row.getString(1), name -> new ArrayList<>())
              .add(owner == null ? "" : owner);
        });
    return owners;
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

  /**
   * Merges a lone node's segments of a pooled processor towards one, or splits them towards {@code
   * PROJECTION_SEGMENTS} while other nodes are live: one step per tick. Returns whether a step is
   * under way (the processor is then left alone this tick).
   */
  private boolean reshape(
      StreamingEventProcessor processor, List<String> owners, Set<String> live, boolean alone) {
    if (!(processor instanceof PooledStreamingEventProcessor pooled) || CONTEXTS.get() != 1) {
      return false;
    }
    String name = processor.getName();
    Step step = reshaping.get(name);
    if (step != null && !step.result().isDone()) {
      if (System.nanoTime() - step.started() < STEP_TIMEOUT.toNanos()) {
        return true;
      }
      log.warn("{} of {} did not finish in {}; balancing again", step.what(), name, STEP_TIMEOUT);
    }
    reshaping.remove(name);
    int stored = owners.size();
    Map<Integer, Segment> mine = new HashMap<>();
    pooled.processingStatus().forEach((id, status) -> mine.put(id, status.getSegment()));
    if (stored == 0 || mine.isEmpty()) {
      return false;
    }
    if (alone && stored > 1 && mine.size() == stored) {
      Optional<Segment> mergeable =
          mine.values().stream()
              .filter(
                  s -> {
                    Segment sibling = mine.get(s.mergeableSegmentId());
                    return s.getMask() > 0
                        && sibling != null
                        && sibling != s
                        && s.isMergeableWith(sibling);
                  })
              .min(Comparator.comparingInt(Segment::getSegmentId));
      if (mergeable.isPresent()) {
        log.info("{} is alone: merging segment {} of {}", NODE_ID, mergeable.get(), name);
        reshaping.put(
            name, Step.of("The merge", pooled.mergeSegment(mergeable.get().getSegmentId())));
        return true;
      }
    } else if (live.size() > 1 && stored < segments && NODE_ID.equals(splitter(owners, live))) {
      Segment widest =
          mine.values().stream()
              .min(Comparator.comparingInt(Segment::getMask).thenComparing(Segment::getSegmentId))
              .orElseThrow();
      log.info("{} has company: splitting segment {} of {}", NODE_ID, widest, name);
      reshaping.put(name, Step.of("The split", pooled.splitSegment(widest.getSegmentId())));
      return true;
    }
    return false;
  }

  /**
   * The one node that splits a processor's segments: the first, by id, of the live nodes that hold
   * one (a split releases both halves, so two splitters would overshoot the count).
   */
  private static @Nullable String splitter(List<String> owners, Set<String> live) {
    return owners.stream().filter(live::contains).min(Comparator.naturalOrder()).orElse(null);
  }

  private void balance(StreamingEventProcessor processor, List<String> rows, Set<String> live) {
    String name = processor.getName();
    if (rows.isEmpty()) {
      return; // not initialized yet
    }
    Map<String, Integer> held = new HashMap<>();
    for (String owner : rows) {
      if (!owner.isEmpty()) {
        held.merge(owner, 1, Integer::sum);
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

  /** A split or merge under way. */
  private record Step(String what, CompletableFuture<Boolean> result, long started) {
    static Step of(String what, CompletableFuture<Boolean> result) {
      return new Step(what, result, System.nanoTime());
    }
  }

  private boolean quiet(String name, long now) {
    Long until = quietUntil.get(name);
    return until == null || now - until > 0;
  }
}
