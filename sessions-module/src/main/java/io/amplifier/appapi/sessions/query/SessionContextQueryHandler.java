package io.amplifier.appapi.sessions.query;

import io.amplifier.appapi.sessions.api.FindSessionCompactionQuery;
import io.amplifier.appapi.sessions.api.FindSessionContextQuery;
import io.amplifier.appapi.sessions.api.SessionCompaction;
import io.amplifier.appapi.sessions.api.SessionContextView;
import java.util.List;
import java.util.Optional;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * A session's context window figures from {@code session_context}; who may see them is the caller's
 * check.
 */
@Component
class SessionContextQueryHandler {

  private final JdbcTemplate jdbc;

  SessionContextQueryHandler(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  @QueryHandler
  SessionContextView context(FindSessionContextQuery query) {
    List<SessionContextView> rows =
        jdbc.query(
            "SELECT tokens, window_size, compactions FROM session_context WHERE session_id = ?",
            (rs, i) ->
                new SessionContextView(
                    rs.getInt("tokens"), rs.getInt("window_size"), rs.getInt("compactions")),
            query.sessionId().value());
    return rows.isEmpty() ? SessionContextView.none() : rows.get(0);
  }

  @QueryHandler
  Optional<SessionCompaction> compaction(FindSessionCompactionQuery query) {
    return jdbc
        .query(
            "SELECT summary, summary_through FROM session_context WHERE session_id = ?"
                + " AND summary IS NOT NULL",
            (rs, i) -> new SessionCompaction(rs.getInt("summary_through"), rs.getString("summary")),
            query.sessionId().value())
        .stream()
        .findFirst();
  }
}
