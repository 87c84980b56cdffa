package io.amplifier.appapi.platform.projections;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.axonframework.common.stream.BlockingStream;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.StreamableMessageSource;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * The event store as the projections' pooled processors read it, with the one thing Axon's embedded
 * store lacks for them: a signal when new events arrive. Without it a pooled processor's
 * coordinator looks for events every 500 ms, so each write waited about half a second for its read
 * model. One daemon thread per node tails the store's head (sharing the store's own reader and its
 * cache of recent events, so it costs no extra query) and wakes every open stream's coordinator
 * when events arrive: local ones at once, other nodes' as soon as {@link EventArrivals} hears of
 * them (within the store's one-second fetch delay if it does not).
 */
@Component("projectionEventSource")
class ProjectionEventSource
    implements StreamableMessageSource<TrackedEventMessage<?>>, SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(ProjectionEventSource.class);

  private final EventStore store;
  private final EventArrivals arrivals;
  private final Set<Runnable> callbacks = ConcurrentHashMap.newKeySet();
  private volatile @Nullable Thread watcher;

  ProjectionEventSource(EventStore store, EventArrivals arrivals) {
    this.store = store;
    this.arrivals = arrivals;
  }

  @Override
  public BlockingStream<TrackedEventMessage<?>> openStream(@Nullable TrackingToken token) {
    return new Signalling(store.openStream(token));
  }

  @Override
  public TrackingToken createTailToken() {
    return store.createTailToken();
  }

  @Override
  public TrackingToken createHeadToken() {
    return store.createHeadToken();
  }

  @Override
  public TrackingToken createTokenAt(Instant at) {
    return store.createTokenAt(at);
  }

  @Override
  public TrackingToken createTokenSince(Duration since) {
    return store.createTokenSince(since);
  }

  @Override
  public void start() {
    Thread thread = new Thread(this::watch, "projection-event-signal");
    thread.setDaemon(true);
    watcher = thread;
    thread.start();
  }

  @Override
  public void stop() {
    Thread thread = watcher;
    watcher = null;
    if (thread != null) {
      thread.interrupt();
    }
  }

  @Override
  public boolean isRunning() {
    return watcher != null;
  }

  /** Before the processors start (Axon's lifecycle phases are far higher), after them to stop. */
  @Override
  public int getPhase() {
    return Integer.MIN_VALUE + 1000;
  }

  private void watch() {
    while (watcher == Thread.currentThread()) {
      try (BlockingStream<TrackedEventMessage<?>> head =
          store.openStream(store.createHeadToken())) {
        while (watcher == Thread.currentThread()) {
          if (head.hasNextAvailable(1, TimeUnit.SECONDS)) {
            TrackedEventMessage<?> last = null;
            while (head.hasNextAvailable()) {
              last = head.nextAvailable();
            }
            if (last != null && last.trackingToken() != null) {
              last.trackingToken().position().ifPresent(arrivals::seen);
            }
            callbacks.forEach(ProjectionEventSource::signal);
          }
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (RuntimeException e) {
        // the database may be away: the coordinators still poll on their own, so retry calmly
        log.debug("Head watcher failed, retrying in a second: {}", e.toString());
        try {
          Thread.sleep(1_000);
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }

  private static void signal(Runnable callback) {
    try {
      callback.run();
    } catch (RuntimeException e) {
      log.debug("A processor's availability callback failed: {}", e.toString());
    }
  }

  /** One processor's stream: the store's own, plus registration for the arrival signal. */
  private final class Signalling implements BlockingStream<TrackedEventMessage<?>> {

    private final BlockingStream<TrackedEventMessage<?>> delegate;
    private @Nullable Runnable callback;

    Signalling(BlockingStream<TrackedEventMessage<?>> delegate) {
      this.delegate = delegate;
    }

    @Override
    public Optional<TrackedEventMessage<?>> peek() {
      return delegate.peek();
    }

    @Override
    public boolean hasNextAvailable(int timeout, TimeUnit unit) throws InterruptedException {
      return delegate.hasNextAvailable(timeout, unit);
    }

    @Override
    public boolean hasNextAvailable() {
      return delegate.hasNextAvailable();
    }

    @Override
    public TrackedEventMessage<?> nextAvailable() throws InterruptedException {
      return delegate.nextAvailable();
    }

    @Override
    public void skipMessagesWithPayloadTypeOf(TrackedEventMessage<?> ignoredMessage) {
      delegate.skipMessagesWithPayloadTypeOf(ignoredMessage);
    }

    @Override
    public boolean setOnAvailableCallback(Runnable callback) {
      Runnable previous = this.callback;
      if (previous != null) {
        callbacks.remove(previous);
      }
      this.callback = callback;
      callbacks.add(callback);
      return true;
    }

    @Override
    public void close() {
      Runnable registered = callback;
      if (registered != null) {
        callbacks.remove(registered);
      }
      delegate.close();
    }
  }
}
