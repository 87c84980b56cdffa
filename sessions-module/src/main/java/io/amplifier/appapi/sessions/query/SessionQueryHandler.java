package io.amplifier.appapi.sessions.query;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.amplifier.appapi.platform.api.ProjectionCommits;
import io.amplifier.appapi.sessions.api.FindSessionQuery;
import io.amplifier.appapi.sessions.api.ListSessionsQuery;
import io.amplifier.appapi.sessions.api.SessionId;
import io.amplifier.appapi.sessions.api.SessionPage;
import io.amplifier.appapi.sessions.api.SessionStatus;
import io.amplifier.appapi.sessions.api.SessionView;
import io.amplifier.appapi.sessions.api.ToolCall;
import io.amplifier.appapi.sessions.api.Transcript;
import io.amplifier.appapi.sessions.api.TranscriptEntry;
import io.amplifier.appapi.sessions.api.TranscriptOutline;
import io.amplifier.appapi.sessions.api.TranscriptOutlineQuery;
import io.amplifier.appapi.sessions.api.TranscriptQuery;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.axonframework.queryhandling.QueryHandler;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** Answers session queries from {@code session_view} and {@code session_messages}. */
@Component
class SessionQueryHandler {

  private static final String COLUMNS =
      "session_id, owner_id, config_id, status, message_count, turns, tags::text AS tags,"
          + " metadata::text AS metadata, participants::text AS participants, running_turn,"
          + " forked_from, created_at, updated_at, deleted, version";

  private final JdbcTemplate jdbc;
  private final ObjectMapper json;
  private final ProjectionCommits updates;

  SessionQueryHandler(JdbcTemplate jdbc, ObjectMapper json, ProjectionCommits updates) {
    this.jdbc = jdbc;
    this.json = json;
    this.updates = updates;
  }

  private record Row(SessionView view, boolean deleted) {}

  @QueryHandler
  Optional<SessionView> find(FindSessionQuery query) {
    Optional<Row> row = awaitVersion(query.sessionId(), query.minVersion());
    return row.filter(r -> !r.deleted())
        .map(Row::view)
        .filter(v -> v.roleOf(query.requesterId()) != null);
  }

  @QueryHandler
  Transcript transcript(TranscriptQuery query) {
    awaitVersion(query.sessionId(), query.minVersion());
    List<TranscriptEntry> entries =
        jdbc.query(
            "SELECT seq, role, content, turn_id, cancelled, created_at, context::text AS context, tool::text AS tool"
                + " FROM session_messages"
                + " WHERE session_id = ? AND seq > ? ORDER BY seq LIMIT ?",
            (rs, n) ->
                new TranscriptEntry(
                    rs.getInt("seq"),
                    rs.getString("role"),
                    rs.getString("content"),
                    rs.getString("turn_id"),
                    rs.getBoolean("cancelled"),
                    rs.getTimestamp("created_at").toInstant(),
                    context(rs.getString("context")),
                    tool(rs.getString("tool"))),
            query.sessionId().value(),
            query.after(),
            query.limit());
    return new Transcript(entries);
  }

  @QueryHandler
  TranscriptOutline outline(TranscriptOutlineQuery query) {
    return new TranscriptOutline(
        jdbc.query(
            "SELECT seq, role, char_length(content) FROM session_messages"
                + " WHERE session_id = ? ORDER BY seq LIMIT ?",
            (rs, n) -> new TranscriptOutline.Line(rs.getInt(1), rs.getString(2), rs.getLong(3)),
            query.sessionId().value(),
            query.limit()));
  }

  private @Nullable Map<String, Object> context(@Nullable String text) {
    if (text == null) {
      return null;
    }
    try {
      return json.readValue(text, new TypeReference<>() {});
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("session_messages.context is not JSON", e);
    }
  }

  private @Nullable ToolCall tool(@Nullable String text) {
    if (text == null) {
      return null;
    }
    try {
      return json.readValue(text, ToolCall.class);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("session_messages.tool is not a tool call", e);
    }
  }

  @QueryHandler
  SessionPage list(ListSessionsQuery query) throws JsonProcessingException {
    StringBuilder where =
        new StringBuilder(
            " WHERE NOT deleted AND (owner_id = ? OR jsonb_exists(participants, ?))"
                + " AND tags @> ?::jsonb");
    List<Object> args =
        new ArrayList<>(
            List.of(query.userId(), query.userId(), json.writeValueAsString(query.tags())));
    if (query.status() != null) {
      where.append(" AND status = ?");
      args.add(query.status().name().toLowerCase(Locale.ROOT));
    }
    if (query.configId() != null) {
      where.append(" AND config_id = ?");
      args.add(query.configId());
    }
    Long total =
        jdbc.queryForObject(
            "SELECT count(*) FROM session_view" + where, Long.class, args.toArray());
    List<Object> pageArgs = new ArrayList<>(args);
    pageArgs.add(query.limit());
    pageArgs.add(query.offset());
    List<SessionView> sessions =
        jdbc.query(
            "SELECT "
                + COLUMNS
                + " FROM session_view"
                + where
                + " ORDER BY updated_at DESC, session_id LIMIT ? OFFSET ?",
            (rs, n) -> map(rs).view(),
            pageArgs.toArray());
    return new SessionPage(sessions, total == null ? 0 : total);
  }

  private Optional<Row> awaitVersion(SessionId id, long minVersion) {
    return updates.readAtLeast(() -> load(id.value()), r -> r.view().version(), minVersion);
  }

  private Optional<Row> load(UUID id) {
    return jdbc
        .query(
            "SELECT " + COLUMNS + " FROM session_view WHERE session_id = ?", (rs, n) -> map(rs), id)
        .stream()
        .findFirst();
  }

  private Row map(ResultSet rs) throws SQLException {
    try {
      return new Row(
          new SessionView(
              new SessionId(rs.getObject("session_id", UUID.class)),
              rs.getString("owner_id"),
              rs.getString("config_id"),
              SessionStatus.valueOf(rs.getString("status").toUpperCase(Locale.ROOT)),
              rs.getInt("message_count"),
              rs.getInt("turns"),
              json.readValue(rs.getString("tags"), new TypeReference<>() {}),
              json.readValue(rs.getString("metadata"), new TypeReference<>() {}),
              json.readValue(rs.getString("participants"), new TypeReference<>() {}),
              rs.getString("running_turn"),
              rs.getString("forked_from"),
              rs.getTimestamp("created_at").toInstant(),
              rs.getTimestamp("updated_at").toInstant(),
              rs.getLong("version")),
          rs.getBoolean("deleted"));
    } catch (JsonProcessingException e) {
      throw new SQLException("session_view row is not valid JSON", e);
    }
  }
}
