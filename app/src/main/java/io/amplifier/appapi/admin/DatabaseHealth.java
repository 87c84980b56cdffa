package io.amplifier.appapi.admin;

import io.amplifier.appapi.platform.operations.DaemonThreads;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Whether the database answers, and how many events wait in the projections' dead-letter queues,
 * known within a bound: a check runs on its own thread and {@link #current()} waits at most {@value
 * #WAIT_MILLIS} ms for it, so {@code /health} says {@code degraded} within a second even while the
 * pool waits its full {@code DATABASE_CONNECT_TIMEOUT_MS} for a connection. Callers arriving while
 * a check runs share it, so a burst of health requests costs one connection.
 */
@Component
class DatabaseHealth implements DisposableBean {

  static final long WAIT_MILLIS = 700;

  /** One check's answer. */
  record State(boolean connected, long deadLetters, long checkedAtNanos) {}

  private final DataSource dataSource;
  private final ExecutorService checker = DaemonThreads.single("database-health");
  private volatile @Nullable State last;
  private @Nullable CompletableFuture<State> running;

  DatabaseHealth(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  State current() {
    State known = last;
    try {
      return check().get(WAIT_MILLIS, TimeUnit.MILLISECONDS);
    } catch (TimeoutException | ExecutionException e) {
      return new State(false, known == null ? 0 : known.deadLetters(), System.nanoTime());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new State(false, 0, System.nanoTime());
    }
  }

  private synchronized CompletableFuture<State> check() {
    if (running == null || running.isDone()) {
      running = CompletableFuture.supplyAsync(this::probe, checker);
    }
    return running;
  }

  private State probe() {
    State state;
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement()) {
      statement.setQueryTimeout(2);
      long failures = 0;
      try (ResultSet rows =
          statement.executeQuery(
              "SELECT count(*) FROM deadletterentry WHERE processinggroup NOT LIKE '%.rebuild'")) {
        if (rows.next()) {
          failures = rows.getLong(1);
        }
      }
      state = new State(true, failures, System.nanoTime());
    } catch (Exception e) {
      state = new State(false, 0, System.nanoTime());
    }
    last = state;
    return state;
  }

  @Override
  public void destroy() {
    checker.shutdownNow();
  }
}
