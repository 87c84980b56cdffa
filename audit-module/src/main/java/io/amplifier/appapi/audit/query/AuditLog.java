package io.amplifier.appapi.audit.query;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.amplifier.appapi.platform.api.ProjectionCommits;
import io.amplifier.appapi.users.api.UserId;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** Reads the {@code audit-log} read model, after it has recorded the caller's own last write. */
@Component
public class AuditLog {

  private static final long CATCH_UP_MILLIS = 2_000;

  private final JdbcTemplate jdbc;
  private final ProjectionCommits commits;
  private final Map<String, Counter> waits = new java.util.HashMap<>();
  private final ObjectMapper json = new ObjectMapper();

  AuditLog(JdbcTemplate jdbc, ProjectionCommits commits, MeterRegistry meters) {
    this.jdbc = jdbc;
    this.commits = commits;
    for (String outcome : List.of("none", "caught_up", "bounded")) {
      waits.put(
          outcome,
          Counter.builder("amplifier.audit.read.waits")
              .description(
                  "Reads of the audit log by what they waited for: none, their write (caught_up),"
                      + " or the bound")
              .tag("outcome", outcome)
              .register(meters));
    }
  }

  /** One page of entries, in the filter's order. */
  public List<Map<String, Object>> page(AuditFilter filter) {
    List<Object> args = new ArrayList<>();
    String sql =
        "SELECT global_index, occurred_at, entity_type, entity_id, event_type, sequence_number,"
            + " user_id, app_id, request_id, actor, caused_by, summary::text AS summary"
            + " FROM audit_log"
            + filter.where(args)
            + " ORDER BY global_index "
            + (filter.ascending() ? "ASC" : "DESC")
            + " LIMIT ?";
    args.add(filter.limit());
    return jdbc.query(sql, (rs, n) -> entry(rs), args.toArray());
  }

  /** Takes one page of entries; may fail writing it out. */
  @FunctionalInterface
  public interface PageSink {
    void accept(List<Map<String, Object>> entries) throws IOException;
  }

  /** Every entry of {@code first} and the pages after it, each of its limit, to {@code sink}. */
  public void forEachPage(AuditFilter first, PageSink sink) throws IOException {
    AuditFilter filter = first;
    while (true) {
      List<Map<String, Object>> entries = page(filter);
      sink.accept(entries);
      if (entries.size() < filter.limit()) {
        return;
      }
      filter =
          filter.after(
              (Long) Objects.requireNonNull(entries.get(entries.size() - 1).get("position")));
    }
  }

  /**
   * Waits (bounded) until the projection has recorded the write {@code token} names, and for
   * nothing else: not for other callers' events, and not at all without a token. (Waiting for the
   * store's head, as before, waited for everyone's writes, and mostly ran into the bound: a segment
   * whose last events went to other segments keeps its stored token behind the head until its claim
   * is next extended, seconds later.)
   */
  public void catchUp(Optional<ConsistencyTokens.Token> token) {
    if (token.isEmpty()) {
      count("none");
      return;
    }
    List<Long> found =
        jdbc.queryForList(
            "SELECT globalindex FROM domainevententry WHERE eventidentifier = ?",
            Long.class,
            token.get().eventId());
    if (found.isEmpty()) {
      count("none");
      return;
    }
    long index = found.get(0);
    long deadline = System.nanoTime() + CATCH_UP_MILLIS * 1_000_000;
    long seen = commits.generation();
    while (!recorded(index)) {
      if (System.nanoTime() >= deadline) {
        count("bounded");
        return;
      }
      commits.awaitCommitAfter(seen, 25);
      seen = commits.generation();
    }
    count("caught_up");
  }

  private void count(String outcome) {
    Counter counter = waits.get(outcome);
    if (counter != null) {
      counter.increment();
    }
  }

  private boolean recorded(long index) {
    return Boolean.TRUE.equals(
        jdbc.queryForObject(
            "SELECT EXISTS (SELECT 1 FROM audit_log WHERE global_index = ?)",
            Boolean.class,
            index));
  }

  private Map<String, Object> entry(ResultSet rs) throws SQLException {
    Map<String, Object> entry = new LinkedHashMap<>();
    entry.put("position", rs.getLong("global_index"));
    entry.put("timestamp", rs.getTimestamp("occurred_at").toInstant());
    entry.put("entity_type", rs.getString("entity_type"));
    entry.put("entity_id", rs.getString("entity_id"));
    entry.put("event_type", rs.getString("event_type"));
    long sequence = rs.getLong("sequence_number");
    entry.put("sequence_number", rs.wasNull() ? null : sequence);
    entry.put("user_id", UserId.wireOrNull(rs.getString("user_id")));
    entry.put("app_id", rs.getString("app_id"));
    entry.put("request_id", rs.getString("request_id"));
    entry.put("actor", rs.getString("actor"));
    entry.put("caused_by", rs.getString("caused_by"));
    try {
      JsonNode summary = json.readTree(rs.getString("summary"));
      entry.put("changed_fields", summary.path("changed_fields"));
    } catch (JsonProcessingException e) {
      throw new SQLException("audit_log.summary is not JSON", e);
    }
    return entry;
  }
}
