package io.amplifier.appapi.users.api;

/**
 * Lets readers wait for a projection commit on this node instead of polling: projections call
 * {@link #signalAfterCommit()} inside their transaction; a reader takes {@link #generation()} before
 * it reads and, when the read model is behind, {@link #awaitCommitAfter} (bounded), so a commit
 * between its read and its wait is never missed. Projections on other nodes send no signal, so
 * readers also re-check on a short timer. Lives here because every module's readers need it and
 * {@code users} is the module all others may use; the application provides it.
 */
public interface ProjectionCommits {

  /** Signals waiting readers once the current transaction commits (at once if there is none). */
  void signalAfterCommit();

  /** How many projection commits this node has seen. */
  long generation();

  /** Waits until a commit after {@code seen}, or {@code millis} at most; returns on interrupt. */
  void awaitCommitAfter(long seen, long millis);
}
