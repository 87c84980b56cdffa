import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Projection lag as the database sees it: every millisecond it picks up newly committed events
 * (with their commit time, {@code pg_xact_commit_timestamp}, which needs track_commit_timestamp=on)
 * and checks which of the pending ones are now visible in {@code config_view}; lag = database clock
 * at first sight minus commit time. Resolution: one poll (~1-2 ms).
 *
 * <p>Usage: java -cp postgresql.jar LagProbe.java JDBC_URL SECONDS
 */
public class LagProbe {

  public static void main(String[] args) throws Exception {
    String url = args[0];
    double seconds = Double.parseDouble(args[1]);
    List<Double> lags = new ArrayList<>();
    Map<String, Timestamp> pending = new HashMap<>();
    try (Connection c = DriverManager.getConnection(url)) {
      c.setAutoCommit(true);
      long last;
      try (ResultSet rs =
          c.createStatement().executeQuery("SELECT coalesce(max(globalindex), 0) FROM domainevententry")) {
        rs.next();
        last = rs.getLong(1);
      }
      PreparedStatement events =
          c.prepareStatement(
              "SELECT globalindex, aggregateidentifier, pg_xact_commit_timestamp(xmin)"
                  + " FROM domainevententry WHERE globalindex > ? ORDER BY globalindex");
      PreparedStatement visible =
          c.prepareStatement(
              "SELECT config_id::text, clock_timestamp() FROM config_view"
                  + " WHERE config_id = ANY (?::uuid[])");
      long end = System.nanoTime() + (long) (seconds * 1e9);
      while (System.nanoTime() < end) {
        events.setLong(1, last);
        try (ResultSet rs = events.executeQuery()) {
          while (rs.next()) {
            last = Math.max(last, rs.getLong(1));
            Timestamp committed = rs.getTimestamp(3);
            if (committed != null) {
              pending.put(rs.getString(2), committed);
            }
          }
        }
        if (!pending.isEmpty()) {
          Array ids = c.createArrayOf("text", pending.keySet().toArray());
          visible.setArray(1, ids);
          try (ResultSet rs = visible.executeQuery()) {
            while (rs.next()) {
              Timestamp committed = pending.remove(rs.getString(1));
              Timestamp seen = rs.getTimestamp(2);
              if (committed != null) {
                lags.add(micros(seen, committed) / 1000.0);
              }
            }
          }
        }
        Thread.sleep(1);
      }
    }
    double[] sorted = lags.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    System.out.printf(
        Locale.ROOT,
        "rows=%d lag_p50_ms=%.2f lag_p99_ms=%.2f lag_max_ms=%.2f%n",
        sorted.length,
        pct(sorted, 50),
        pct(sorted, 99),
        sorted.length == 0 ? 0 : sorted[sorted.length - 1]);
  }

  private static long micros(Timestamp later, Timestamp earlier) {
    long seconds = later.getTime() / 1000 - earlier.getTime() / 1000;
    long nanos = later.getNanos() - earlier.getNanos();
    return seconds * 1_000_000 + nanos / 1000;
  }

  private static double pct(double[] sorted, double p) {
    if (sorted.length == 0) {
      return 0;
    }
    int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
  }
}
