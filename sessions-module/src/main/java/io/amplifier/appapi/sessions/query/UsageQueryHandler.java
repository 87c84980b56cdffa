package io.amplifier.appapi.sessions.query;

import io.amplifier.appapi.sessions.api.FindUsageQuery;
import io.amplifier.appapi.sessions.api.UsageGroup;
import io.amplifier.appapi.sessions.api.UsageReport;
import io.amplifier.appapi.sessions.api.UsageTotals;
import io.amplifier.appapi.users.api.UserId;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** Answers usage questions from {@code usage_calls}: sums over a time range, grouped or not. */
@Component
class UsageQueryHandler {

  /** The most groups one answer holds, the largest first. */
  static final int MAX_GROUPS = 1000;

  private static final Map<String, String> COLUMNS =
      Map.of("user", "user_id", "application", "app_id", "config", "config_id", "model", "model");

  private static final String SUMS =
      "coalesce(sum(input_tokens), 0), coalesce(sum(output_tokens), 0),"
          + " coalesce(sum(cached_tokens), 0), count(*)";

  private final JdbcTemplate jdbc;

  UsageQueryHandler(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  @QueryHandler
  UsageReport handle(FindUsageQuery query) {
    List<Object> args = new ArrayList<>();
    args.add(Timestamp.from(query.from()));
    args.add(Timestamp.from(query.to()));
    String where = " FROM usage_calls WHERE at >= ? AND at < ?";
    if (query.userId() != null) {
      where += " AND user_id = ?";
      args.add(query.userId());
    }
    UsageTotals totals =
        jdbc.queryForObject("SELECT " + SUMS + where, (rs, i) -> totals(rs, 1), args.toArray());
    List<UsageGroup> groups = List.of();
    boolean truncated = false;
    String groupBy = query.groupBy();
    if (groupBy != null) {
      String column = COLUMNS.get(groupBy);
      if (column == null) {
        throw new IllegalArgumentException("group_by " + groupBy);
      }
      boolean user = "user".equals(groupBy);
      List<UsageGroup> found =
          jdbc.query(
              "SELECT "
                  + column
                  + ", "
                  + SUMS
                  + where
                  + " GROUP BY "
                  + column
                  + " ORDER BY coalesce(sum(input_tokens), 0) + coalesce(sum(output_tokens), 0)"
                  + " DESC, "
                  + column
                  + " LIMIT "
                  + (MAX_GROUPS + 1),
              (rs, i) -> {
                String key = rs.getString(1);
                return new UsageGroup(
                    user && key != null ? UserId.wire(key) : key,
                    user && key != null ? new UserId(key).scope() : null,
                    totals(rs, 2));
              },
              args.toArray());
      truncated = found.size() > MAX_GROUPS;
      groups = truncated ? found.subList(0, MAX_GROUPS) : found;
    }
    return new UsageReport(
        query.from(), query.to(), groupBy, totals == null ? empty() : totals, groups, truncated);
  }

  private static UsageTotals totals(ResultSet rs, int first) throws SQLException {
    long input = rs.getLong(first);
    long output = rs.getLong(first + 1);
    return new UsageTotals(
        input, output, rs.getLong(first + 2), input + output, rs.getLong(first + 3));
  }

  private static UsageTotals empty() {
    return new UsageTotals(0, 0, 0, 0, 0);
  }
}
