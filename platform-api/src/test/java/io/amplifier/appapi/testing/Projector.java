package io.amplifier.appapi.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.amplifier.appapi.platform.api.ProjectionCommits;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.axonframework.eventhandling.AnnotationEventHandlerAdapter;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.messaging.MetaData;

/**
 * Feeds events to a projection the way Axon's processors do (its annotated handlers, with sequence
 * number and timestamp resolved from the message), remembers them, and replays them after the
 * projection's reset handler, as a rebuild does.
 */
public final class Projector {

  private final AnnotationEventHandlerAdapter adapter;
  private final List<DomainEventMessage<?>> history = new ArrayList<>();
  private final Map<String, Long> sequences = new HashMap<>();
  private Instant clock = Instant.parse("2026-01-01T00:00:00Z");

  public Projector(Object projection) {
    this.adapter = new AnnotationEventHandlerAdapter(projection);
  }

  /** Applies {@code payload} as the next event of aggregate {@code aggregateId}. */
  public Projector apply(String aggregateId, Object payload) {
    long sequence = sequences.merge(aggregateId, 0L, (a, b) -> a + 1);
    clock = clock.plusSeconds(1);
    DomainEventMessage<?> message =
        new GenericDomainEventMessage<>(
            "Test",
            aggregateId,
            sequence,
            payload,
            MetaData.emptyInstance(),
            UUID.randomUUID().toString(),
            clock);
    history.add(message);
    handle(message);
    return this;
  }

  /** Delivers every event applied so far once more (a redelivery must change nothing). */
  public void redeliver() {
    history.forEach(this::handle);
  }

  /** Runs the reset handler and applies every event again, as a rebuild from the store does. */
  public void replay() {
    try {
      adapter.prepareReset();
    } catch (Exception e) {
      throw new IllegalStateException("reset failed", e);
    }
    redeliver();
  }

  /**
   * Asserts what every projection promises: delivering every event again changes nothing, and a
   * reset followed by a replay rebuilds the same read model ({@code readModel} reads it, sorted).
   */
  public void assertIdempotentAndReplayable(Supplier<?> readModel) {
    Object before = readModel.get();
    redeliver();
    assertThat(readModel.get()).as("read model after redelivery").isEqualTo(before);
    replay();
    assertThat(readModel.get()).as("read model after reset and replay").isEqualTo(before);
  }

  private void handle(DomainEventMessage<?> message) {
    try {
      adapter.handle(message);
    } catch (Exception e) {
      throw new IllegalStateException(
          "projection failed on " + message.getPayloadType().getSimpleName(), e);
    }
  }

  /** A {@link ProjectionCommits} for projections tested without the application: counts signals. */
  public static final class Commits implements ProjectionCommits {
    private final AtomicLong generation = new AtomicLong();

    @Override
    public void signalAfterCommit() {
      generation.incrementAndGet();
    }

    @Override
    public long generation() {
      return generation.get();
    }

    @Override
    public void awaitCommitAfter(long seen, long millis) {
      // Single-threaded tests: every write has committed before the read.
    }
  }
}
