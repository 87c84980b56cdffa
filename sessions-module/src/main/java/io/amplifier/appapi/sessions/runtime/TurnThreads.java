package io.amplifier.appapi.sessions.runtime;

import jakarta.annotation.PreDestroy;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The threads turns run on, apart from the request threads that ordinary requests need: a virtual
 * thread per turn where the runtime has them (Java 21+), else a pool that grows to the limit. At
 * most {@code TURN_MAX_CONCURRENT} turns run on a node at once; one more is refused at once ({@link
 * TurnCapacityException}, a 503), never queued without bound.
 */
@Component
class TurnThreads {

  private static final Logger log = LoggerFactory.getLogger(TurnThreads.class);

  private final ExecutorService executor;
  private final Semaphore slots;
  private final int limit;

  TurnThreads(@Value("${TURN_MAX_CONCURRENT:256}") int maxConcurrent) {
    int limit = Math.max(1, maxConcurrent);
    this.limit = limit;
    this.slots = new Semaphore(limit);
    this.executor = virtualThreads().orElseGet(() -> pool(limit));
  }

  void run(Runnable task) {
    if (!slots.tryAcquire()) {
      throw new TurnCapacityException();
    }
    try {
      executor.execute(
          () -> {
            try {
              task.run();
            } finally {
              slots.release();
            }
          });
    } catch (RejectedExecutionException e) {
      slots.release();
      throw new TurnCapacityException();
    }
  }

  /** Turns running on this node now (parked turns hold no slot). */
  int running() {
    return limit - slots.availablePermits();
  }

  @PreDestroy
  void stop() {
    executor.shutdown();
  }

  private static java.util.Optional<ExecutorService> virtualThreads() {
    if (Runtime.version().feature() < 21) {
      return java.util.Optional.empty();
    }
    try {
      ExecutorService virtual =
          (ExecutorService)
              Executors.class.getMethod("newVirtualThreadPerTaskExecutor").invoke(null);
      log.info("Turns run on virtual threads");
      return java.util.Optional.of(virtual);
    } catch (ReflectiveOperationException e) {
      return java.util.Optional.empty();
    }
  }

  private static ExecutorService pool(int limit) {
    AtomicInteger count = new AtomicInteger();
    return new ThreadPoolExecutor(
        0,
        limit,
        60,
        TimeUnit.SECONDS,
        new SynchronousQueue<>(),
        r -> {
          Thread t = new Thread(r, "turn-" + count.incrementAndGet());
          t.setDaemon(true);
          return t;
        });
  }
}
