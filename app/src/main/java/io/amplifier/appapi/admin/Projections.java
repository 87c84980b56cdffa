package io.amplifier.appapi.admin;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.amplifier.appapi.platform.projections.InlineViews;
import io.amplifier.appapi.platform.projections.TokenPositions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventProcessor;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The read models as an operator sees them: each projection (named like its table), inline or
 * streaming, how far it has read, and its rebuild state (see {@link ProjectionRebuilds}).
 */
@Component
class Projections {

  private final EventProcessingConfiguration processing;
  private final EventStore eventStore;
  private final JdbcTemplate jdbc;

  private final ProjectionRebuilds rebuilds;
  private final TokenPositions tokens;

  Projections(
      EventProcessingConfiguration processing,
      EventStore eventStore,
      JdbcTemplate jdbc,
      ProjectionRebuilds rebuilds,
      TokenPositions tokens) {
    this.processing = processing;
    this.tokens = tokens;
    this.rebuilds = rebuilds;
    this.eventStore = eventStore;
    this.jdbc = jdbc;
  }

  /**
   * One segment of a processor, as the token store holds it (the same on every node): where it is
   * and which node owns it (null: released, waiting for a node to claim it); {@code replaying},
   * {@code caught_up} and {@code error} are known only on the owning node ({@code owned_here}).
   */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  record SegmentStatus(
      int segment,
      @Nullable Long position,
      @Nullable String owner,
      boolean ownedHere,
      boolean replaying,
      boolean caughtUp,
      @Nullable String error) {}

  /** A projection's state: its position against the head of the event store. */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  record Status(
      String name,
      String table,
      String mode,
      String state,
      boolean running,
      boolean rebuildRunning,
      @Nullable Rebuild rebuild,
      @Nullable Long position,
      long head,
      @Nullable Long lag,
      List<SegmentStatus> segments,
      long deadLetters) {}

  /**
   * The last or running rebuild, from {@code projection_state} (the same on every node): the shadow
   * replay's position against the head, percent, events applied, rate and ETA.
   */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  record Rebuild(
      String state,
      @Nullable String node,
      java.time.@Nullable Instant startedAt,
      java.time.@Nullable Instant finishedAt,
      @Nullable Long position,
      @Nullable Long head,
      Double percent,
      long events,
      @Nullable Double eventsPerSecond,
      @Nullable Long etaSeconds,
      @Nullable String error) {

    static Rebuild of(ProjectionRebuilds.State s, long head) {
      boolean running = "rebuilding".equals(s.state()) || "switching".equals(s.state());
      long target = running ? head : s.head() == null ? head : s.head();
      Double percent =
          "live".equals(s.state())
              ? Double.valueOf(100)
              : s.position() == null
                  ? Double.valueOf(0)
                  : Double.valueOf(
                      target <= 0 ? 100 : Math.min(100, 100.0 * s.position() / target));
      @Nullable Long eta = null;
      if (running
          && s.position() != null
          && s.eventsPerSecond() != null
          && s.eventsPerSecond() > 0) {
        eta = (long) Math.ceil(Math.max(0, target - s.position()) / s.eventsPerSecond());
      }
      return new Rebuild(
          s.state(),
          s.node(),
          s.startedAt(),
          s.finishedAt(),
          s.position(),
          running ? Long.valueOf(head) : s.head(),
          percent,
          s.events(),
          s.eventsPerSecond(),
          eta,
          s.error());
    }
  }

  /** Events of this projection waiting in its dead-letter queue ({@code /admin/dead-letters}). */
  private long deadLetters(String name) {
    Long count =
        jdbc.queryForObject(
            "SELECT count(*) FROM deadletterentry WHERE processinggroup = ?", Long.class, name);
    return count == null ? 0 : count;
  }

  List<String> names() {
    return processing.eventProcessors().values().stream()
        .filter(
            p -> p instanceof StreamingEventProcessor || InlineViews.NAMES.contains(p.getName()))
        .map(EventProcessor::getName)
        .sorted()
        .toList();
  }

  Optional<Status> status(String name) {
    Optional<EventProcessor> processor = processing.eventProcessor(name);
    if (processor.isPresent() && InlineViews.isInline(processor.get())) {
      return processor.map(this::inline);
    }
    return streaming(name).map(this::status);
  }

  /** An inline view is written with each command: it is always at the head, with no segments. */
  private Status inline(EventProcessor processor) {
    long head = head();
    return status(processor, "inline", head, head, 0L, List.of());
  }

  private Status status(
      EventProcessor processor,
      String mode,
      long head,
      @Nullable Long position,
      @Nullable Long lag,
      List<SegmentStatus> segments) {
    String name = processor.getName();
    Optional<ProjectionRebuilds.State> rebuild = rebuilds.state(name);
    String state = rebuild.map(ProjectionRebuilds.State::state).orElse("live");
    return new Status(
        name,
        name.replace('-', '_'),
        mode,
        state,
        processor.isRunning(),
        "rebuilding".equals(state) || "switching".equals(state),
        rebuild.map(r -> Rebuild.of(r, head)).orElse(null),
        position,
        head,
        lag,
        segments,
        deadLetters(name));
  }

  List<Status> statuses() {
    List<Status> all = new ArrayList<>();
    names().forEach(name -> status(name).ifPresent(all::add));
    return all;
  }

  long head() {
    return position(eventStore.createHeadToken()).orElse(0);
  }

  /**
   * Starts a shadow rebuild in the background.
   *
   * @throws ProjectionRebuilds.Refused when it cannot claim the rebuild (409)
   */
  void rebuild(String name) {
    rebuilds.start(name);
  }

  private Optional<StreamingEventProcessor> streaming(String name) {
    return processing.eventProcessor(name, StreamingEventProcessor.class);
  }

  private Status status(StreamingEventProcessor processor) {
    String name = processor.getName();
    long head = head();
    List<SegmentStatus> segments = new ArrayList<>();
    long lowest = Long.MAX_VALUE;
    Map<Integer, EventTrackerStatus> local = processor.processingStatus();
    for (TokenPositions.Segment stored : tokens.segments(name)) {
      EventTrackerStatus s = local.get(stored.segment());
      long reached = stored.position() == null ? -1 : stored.position();
      if (s != null) { // the owner's in-memory token may be ahead of the stored one
        reached = Math.max(reached, position(s.getTrackingToken()).orElse(-1));
      }
      lowest = Math.min(lowest, reached);
      segments.add(
          new SegmentStatus(
              stored.segment(),
              reached < 0 ? null : reached,
              stored.owner(),
              s != null,
              s != null && s.isReplaying(),
              s != null && s.isCaughtUp(),
              s != null && s.isErrorState() && s.getError() != null
                  ? s.getError().getMessage()
                  : null));
    }
    Long position = lowest == Long.MAX_VALUE || lowest < 0 ? null : lowest;
    return status(
        processor,
        "streaming",
        head,
        position,
        position == null ? null : Math.max(0, head - position),
        segments);
  }

  private static OptionalLong position(TrackingToken token) {
    return token == null ? OptionalLong.empty() : token.position();
  }
}
