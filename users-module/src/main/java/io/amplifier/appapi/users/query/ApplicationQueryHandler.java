package io.amplifier.appapi.users.query;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.amplifier.appapi.platform.api.ProjectionCommits;
import io.amplifier.appapi.users.api.ApplicationList;
import io.amplifier.appapi.users.api.ApplicationView;
import io.amplifier.appapi.users.api.FindApplicationByKeyPrefixQuery;
import io.amplifier.appapi.users.api.FindApplicationQuery;
import io.amplifier.appapi.users.api.ListApplicationsQuery;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import java.util.Optional;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** Answers application queries from {@code application_view}. */
@Component
class ApplicationQueryHandler {

  private static final String COLUMNS =
      "app_id, app_name, key_prefix, key_hash, admin, settings::text AS settings, created_at,"
          + " updated_at, deleted, version, jwks_url, public_key";

  private final JdbcTemplate jdbc;
  private final ObjectMapper json;
  private final ProjectionCommits updates;

  ApplicationQueryHandler(JdbcTemplate jdbc, ObjectMapper json, ProjectionCommits updates) {
    this.jdbc = jdbc;
    this.json = json;
    this.updates = updates;
  }

  /** Empty for unknown and deleted applications, after waiting for {@code minVersion}. */
  @QueryHandler
  Optional<ApplicationView> find(FindApplicationQuery query) {
    Optional<ApplicationView> view =
        updates.readAtLeast(
            () -> load(query.appId()), ApplicationView::version, query.minVersion());
    return view.filter(ApplicationView::active);
  }

  @QueryHandler
  ApplicationList list(ListApplicationsQuery query) {
    return new ApplicationList(
        jdbc.query(
            "SELECT "
                + COLUMNS
                + " FROM application_view WHERE NOT deleted"
                + " ORDER BY created_at DESC, app_id",
            (rs, row) -> map(rs)));
  }

  @QueryHandler
  ApplicationList byKeyPrefix(FindApplicationByKeyPrefixQuery query) {
    return new ApplicationList(
        jdbc.query(
            "SELECT " + COLUMNS + " FROM application_view WHERE key_prefix = ?",
            (rs, row) -> map(rs),
            query.keyPrefix()));
  }

  private Optional<ApplicationView> load(String appId) {
    return jdbc
        .query(
            "SELECT " + COLUMNS + " FROM application_view WHERE app_id = ?",
            (rs, row) -> map(rs),
            appId)
        .stream()
        .findFirst();
  }

  private ApplicationView map(ResultSet rs) throws SQLException {
    Map<String, Object> settings;
    try {
      settings = json.readValue(rs.getString("settings"), new TypeReference<>() {});
    } catch (JsonProcessingException e) {
      throw new SQLException("application_view.settings is not valid JSON", e);
    }
    return new ApplicationView(
        rs.getString("app_id"),
        rs.getString("app_name"),
        rs.getString("key_prefix"),
        rs.getString("key_hash"),
        !rs.getBoolean("deleted"),
        rs.getBoolean("admin"),
        settings,
        rs.getTimestamp("created_at").toInstant(),
        rs.getTimestamp("updated_at").toInstant(),
        rs.getLong("version"),
        rs.getString("jwks_url"),
        rs.getString("public_key"));
  }
}
