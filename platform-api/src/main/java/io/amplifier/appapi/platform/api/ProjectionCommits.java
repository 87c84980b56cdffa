package io.amplifier.appapi.platform.api;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;

/**
 * Lets readers wait for a projection commit on this node instead of polling: projections call
 * {@link #signalAfterCommit()} inside their transaction; a reader takes {@link #generation()}
 * before it reads and, when the read model is behind, {@link #awaitCommitAfter} (bounded), so a
 * commit between its read and its wait is never missed. Projections on other nodes send no signal,
 * so readers also re-check on a short timer. Part of the platform api (ADR 0014) because every
 * module's readers need it and it belongs to no module; the application provides the one instance.
 */
public interface ProjectionCommits {

  /** Signals waiting readers once the current transaction commits (at once if there is none). */
  void signalAfterCommit();

  /** How many projection commits this node has seen. */
  long generation();

  /** Waits until a commit after {@code seen}, or {@code millis} at most; returns on interrupt. */
  void awaitCommitAfter(long seen, long millis);

  /** How long a reader waits for its own write before it answers with what it has. */
  Duration READ_YOUR_WRITES_LIMIT = Duration.ofSeconds(5);

  /**
   * Reads with {@code load} until the row it finds has reached {@code minVersion} (by {@code
   * version}), waking on each commit here and at least every 50 ms, for {@link
   * #READ_YOUR_WRITES_LIMIT} at most; returns the last read. A negative {@code minVersion} reads
   * once.
   */
  default <T> Optional<T> readAtLeast(
      Supplier<Optional<T>> load, ToLongFunction<T> version, long minVersion) {
    long deadline = System.nanoTime() + READ_YOUR_WRITES_LIMIT.toNanos();
    long seen = generation();
    Optional<T> read = load.get();
    while (minVersion >= 0
        && read.map(v -> version.applyAsLong(v) < minVersion).orElse(true)
        && System.nanoTime() < deadline) {
      awaitCommitAfter(seen, 50);
      seen = generation();
      read = load.get();
    }
    return read;
  }
}
