package io.amplifier.appapi.admin;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventProcessor;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The read models as an operator sees them: each streaming processor (one per projection, named
 * like its table), how far it has read, and rebuilds (reset tokens, let the projection truncate its
 * table in its reset handler, replay from the event store).
 */
@Component
class Projections implements DisposableBean {

  private static final Logger log = LoggerFactory.getLogger(Projections.class);

  private final EventProcessingConfiguration processing;
  private final EventStore eventStore;
  private final JdbcTemplate jdbc;
  private final ExecutorService rebuilder =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread t = new Thread(r, "projection-rebuild");
            t.setDaemon(true);
            return t;
          });
  private final Set<String> starting = ConcurrentHashMap.newKeySet();
  /** Head of the event store when each running rebuild began: done once every segment passed it. */
  private final Map<String, Long> rebuildTargets = new ConcurrentHashMap<>();

  Projections(EventProcessingConfiguration processing, EventStore eventStore, JdbcTemplate jdbc) {
    this.processing = processing;
    this.eventStore = eventStore;
    this.jdbc = jdbc;
  }

  /** One segment of a processor: where it is, and whether it is replaying. */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  record SegmentStatus(int segment, Long position, boolean replaying, boolean caughtUp, String error) {}

  /** A projection's state: its position against the head of the event store. */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  record Status(
      String name,
      String table,
      boolean running,
      boolean rebuildRunning,
      Long position,
      long head,
      Long lag,
      List<SegmentStatus> segments,
      long failedEvents,
      List<Failure> failures) {}

  /** An event the projection could not apply and skipped (newest first, at most 20 listed). */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  record Failure(
      String eventId,
      Long globalIndex,
      String aggregateId,
      Long sequenceNumber,
      String eventType,
      String error,
      int attempts,
      java.time.Instant firstFailedAt,
      java.time.Instant lastFailedAt) {}

  /** Forgets the recorded failures of one projection (after an operator dealt with them). */
  int clearFailures(String name) {
    return jdbc.update("DELETE FROM projection_failures WHERE processor = ?", name);
  }

  private long failedEvents(String name) {
    Long count =
        jdbc.queryForObject(
            "SELECT count(*) FROM projection_failures WHERE processor = ?", Long.class, name);
    return count == null ? 0 : count;
  }

  private List<Failure> failures(String name) {
    return jdbc.query(
        "SELECT event_id, global_index, aggregate_id, sequence_number, event_type, error,"
            + " attempts, first_failed_at, last_failed_at FROM projection_failures"
            + " WHERE processor = ? ORDER BY last_failed_at DESC, event_id LIMIT 20",
        (rs, i) ->
            new Failure(
                rs.getString(1),
                rs.getObject(2, Long.class),
                rs.getString(3),
                rs.getObject(4, Long.class),
                rs.getString(5),
                rs.getString(6),
                rs.getInt(7),
                rs.getTimestamp(8).toInstant(),
                rs.getTimestamp(9).toInstant()),
        name);
  }

  List<String> names() {
    return processing.eventProcessors().values().stream()
        .filter(StreamingEventProcessor.class::isInstance)
        .map(EventProcessor::getName)
        .sorted()
        .toList();
  }

  Optional<Status> status(String name) {
    return streaming(name).map(this::status);
  }

  List<Status> statuses() {
    List<Status> all = new ArrayList<>();
    names().forEach(name -> status(name).ifPresent(all::add));
    return all;
  }

  long head() {
    return position(eventStore.createHeadToken()).orElse(0);
  }

  /** Starts a rebuild; false when one is already running for that projection. */
  boolean rebuild(String name) {
    StreamingEventProcessor processor = streaming(name).orElseThrow();
    if (isRebuilding(name, processor) || !starting.add(name)) {
      return false;
    }
    rebuildTargets.put(name, head());
    rebuilder.execute(
        () -> {
          try {
            log.info("Rebuilding projection {} from the event store", name);
            processor.shutDown();
            processor.resetTokens();
            processor.start();
          } catch (RuntimeException e) {
            log.error("Rebuild of projection {} failed to start", name, e);
            if (!processor.isRunning()) {
              processor.start();
            }
          } finally {
            starting.remove(name);
          }
        });
    return true;
  }

  private Optional<StreamingEventProcessor> streaming(String name) {
    return processing.eventProcessor(name, StreamingEventProcessor.class);
  }

  /**
   * A rebuild runs until every segment is caught up and has read past the head the store had when
   * it began. Axon's own replay flag is no guide: it stays set until an event newer than the reset
   * point arrives, which on a quiet store may be never.
   */
  private boolean isRebuilding(String name, StreamingEventProcessor processor) {
    if (starting.contains(name)) {
      return true;
    }
    Long target = rebuildTargets.get(name);
    if (target == null) {
      return false;
    }
    Map<Integer, EventTrackerStatus> segments = processor.processingStatus();
    boolean done =
        !segments.isEmpty()
            && segments.values().stream()
                .allMatch(
                    s ->
                        s.isCaughtUp()
                            && (target <= 0 || position(s.getTrackingToken()).orElse(-1) >= target));
    if (done) {
      rebuildTargets.remove(name, target);
    }
    return !done;
  }

  private Status status(StreamingEventProcessor processor) {
    String name = processor.getName();
    long head = head();
    List<SegmentStatus> segments = new ArrayList<>();
    Long position = null;
    for (Map.Entry<Integer, EventTrackerStatus> entry :
        new java.util.TreeMap<>(processor.processingStatus()).entrySet()) {
      EventTrackerStatus s = entry.getValue();
      OptionalLong p = position(s.getTrackingToken());
      Long segmentPosition = p.isPresent() ? p.getAsLong() : null;
      if (segmentPosition != null) {
        position = position == null ? segmentPosition : Math.min(position, segmentPosition);
      }
      segments.add(
          new SegmentStatus(
              entry.getKey(),
              segmentPosition,
              s.isReplaying(),
              s.isCaughtUp(),
              s.isErrorState() && s.getError() != null ? s.getError().getMessage() : null));
    }
    return new Status(
        name,
        name.replace('-', '_'),
        processor.isRunning(),
        isRebuilding(name, processor),
        position,
        head,
        position == null ? null : Math.max(0, head - position),
        segments,
        failedEvents(name),
        failures(name));
  }

  private static OptionalLong position(TrackingToken token) {
    return token == null ? OptionalLong.empty() : token.position();
  }

  @Override
  public void destroy() {
    rebuilder.shutdownNow();
  }
}
