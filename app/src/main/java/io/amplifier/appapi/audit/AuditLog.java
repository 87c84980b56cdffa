package io.amplifier.appapi.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.amplifier.appapi.platform.TokenPositions;
import io.amplifier.appapi.platform.api.ProjectionCommits;
import io.amplifier.appapi.users.api.UserId;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Reads the {@code audit-log} read model, after it has caught up with the writes before the read.
 */
@Component
class AuditLog {

  private static final long CATCH_UP_MILLIS = 2_000;

  private final JdbcTemplate jdbc;
  private final EventStore eventStore;
  private final TokenPositions positions;
  private final ProjectionCommits commits;
  private final ObjectMapper json = new ObjectMapper();

  AuditLog(
      JdbcTemplate jdbc,
      EventStore eventStore,
      TokenPositions positions,
      ProjectionCommits commits) {
    this.jdbc = jdbc;
    this.eventStore = eventStore;
    this.positions = positions;
    this.commits = commits;
  }

  /** One page of entries, in the filter's order. */
  List<Map<String, Object>> page(AuditFilter filter) {
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

  /** Waits (bounded) until the projection has applied every event committed before this call. */
  void catchUp() {
    OptionalLong head = eventStore.createHeadToken().position();
    if (head.isEmpty()) {
      return;
    }
    long deadline = System.nanoTime() + CATCH_UP_MILLIS * 1_000_000;
    long seen = commits.generation();
    while (position() < head.getAsLong() && System.nanoTime() < deadline) {
      commits.awaitCommitAfter(seen, 25);
      seen = commits.generation();
    }
  }

  /**
   * How far every segment of the projection has got, whichever node owns it (this node may own
   * none); commits on other nodes send no signal here, hence the short re-check.
   */
  private long position() {
    return positions.lowest(AuditLogProjection.NAME).orElse(Long.MAX_VALUE);
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
