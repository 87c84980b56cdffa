package io.amplifier.appapi.platform.eventstore;

import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.jspecify.annotations.Nullable;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.transaction.CannotCreateTransactionException;

/**
 * What an unexpected exception means for the caller, whatever wraps it (Axon's
 * CommandExecutionException, a CompletionException from a query, Spring's translations): a lost
 * race is a 409, an unreachable database a 503, anything else a 500.
 */
public final class Failures {

  /** Seconds a client is asked to wait before retrying while the database is away. */
  public static final String RETRY_AFTER_SECONDS = "5";

  private Failures() {}

  /** Another writer changed the aggregate first, or created the same stream. */
  public static boolean isConflict(Throwable error) {
    for (Throwable t = error; t != null; t = next(t)) {
      if (t instanceof ConcurrencyException || t instanceof AggregateStreamCreationException) {
        return true;
      }
    }
    return isDuplicateKey(error);
  }

  /**
   * A unique key refused a row (SQLState 23505), also inside a JDBC batch: for the event store,
   * another writer appended the same aggregate sequence first.
   */
  static boolean isDuplicateKey(Throwable error) {
    int depth = 0;
    for (Throwable t = error; t != null && depth++ < 32; t = next(t)) {
      if (t instanceof SQLException sql) {
        int batch = 0;
        for (SQLException e = sql; e != null && batch++ < 8; e = e.getNextException()) {
          if ("23505".equals(e.getSQLState())) {
            return true;
          }
        }
      }
    }
    return false;
  }

  /** The database cannot be reached (no connection, pool timeout, server shutting down). */
  public static boolean isDatabaseUnavailable(Throwable error) {
    int depth = 0;
    for (Throwable t = error; t != null && depth++ < 32; t = next(t)) {
      if (t instanceof CannotGetJdbcConnectionException
          || t instanceof DataAccessResourceFailureException
          || t instanceof CannotCreateTransactionException
          || t instanceof SQLTransientConnectionException
          || t instanceof SQLNonTransientConnectionException
          || t instanceof ConnectException) {
        return true;
      }
      if (t instanceof AssertionError && fromDriver(t)) {
        // pgjdbc 42.7 asserts when a connection dies in the middle of a batch.
        return true;
      }
      if (t instanceof SQLException sql && sql.getSQLState() != null) {
        String state = sql.getSQLState();
        // 08: connection exception; 57P01-57P03: admin/crash shutdown, cannot connect now;
        // 53300: too many connections.
        if (state.startsWith("08") || state.startsWith("57P") || state.equals("53300")) {
          return true;
        }
      }
    }
    return false;
  }

  private static boolean fromDriver(Throwable t) {
    StackTraceElement[] frames = t.getStackTrace();
    return frames.length > 0 && frames[0].getClassName().startsWith("org.postgresql.");
  }

  private static @Nullable Throwable next(Throwable t) {
    Throwable cause = t.getCause();
    return cause == t ? null : cause;
  }
}
