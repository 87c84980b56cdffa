package io.amplifier.appapi.configs.query;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.amplifier.appapi.configs.api.ConfigAsOf;
import io.amplifier.appapi.configs.api.ConfigCreatedEvent;
import io.amplifier.appapi.configs.api.ConfigDeletedEvent;
import io.amplifier.appapi.configs.api.ConfigId;
import io.amplifier.appapi.configs.api.ConfigPage;
import io.amplifier.appapi.configs.api.ConfigSummary;
import io.amplifier.appapi.configs.api.ConfigUpdatedEvent;
import io.amplifier.appapi.configs.api.ConfigView;
import io.amplifier.appapi.configs.api.FindConfigQuery;
import io.amplifier.appapi.configs.api.FindConfigVersionQuery;
import io.amplifier.appapi.configs.api.ListConfigsQuery;
import io.amplifier.appapi.platform.api.ProjectionCommits;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** Answers config queries from {@code config_view}, and versions straight from the event store. */
@Component
class ConfigQueryHandler {

  private final JdbcTemplate jdbc;
  private final ObjectMapper json;
  private final ProjectionCommits updates;
  private final EventStore eventStore;

  ConfigQueryHandler(
      JdbcTemplate jdbc, ObjectMapper json, ProjectionCommits updates, EventStore eventStore) {
    this.jdbc = jdbc;
    this.json = json;
    this.updates = updates;
    this.eventStore = eventStore;
  }

  @QueryHandler
  Optional<ConfigView> find(FindConfigQuery query) {
    return ViewRow.owned(
        updates,
        () -> load(query.configId()),
        ConfigView::version,
        query.minVersion(),
        ConfigView::ownerId,
        query.requesterId());
  }

  /**
   * Folds the config's own events up to {@code revision} and/or {@code asOf}: a point-in-time read
   * that never touches the read model, so it is right during a rebuild too. Empty when the config
   * did not exist then (or was deleted by then), or is not the requester's.
   */
  @QueryHandler
  Optional<ConfigAsOf> version(FindConfigVersionQuery query) {
    List<? extends DomainEventMessage<?>> events =
        eventStore.readEvents(query.configId().toString(), 0).asStream().toList();
    if (events.isEmpty()
        || !(events.get(0).getPayload() instanceof ConfigCreatedEvent first)
        || !first.ownerId().equals(query.requesterId())) {
      return Optional.empty();
    }
    // Each update carries the whole state, so only the last one in range is deserialized: types
    // and timestamps are known without reading payloads, and every update adds one revision.
    boolean deletedSince =
        events.stream().anyMatch(e -> e.getPayloadType() == ConfigDeletedEvent.class);
    int last = -1;
    int revision = 0;
    for (int i = 0; i < events.size(); i++) {
      DomainEventMessage<?> event = events.get(i);
      if (query.asOf() != null && event.getTimestamp().isAfter(query.asOf())) {
        break;
      }
      Class<?> type = event.getPayloadType();
      if (type == ConfigDeletedEvent.class) {
        return Optional.empty();
      }
      if (type == ConfigCreatedEvent.class || type == ConfigUpdatedEvent.class) {
        if (query.revision() != null && revision + 1 > query.revision()) {
          break;
        }
        revision++;
        last = i;
      }
    }
    if (last < 0) {
      return Optional.empty();
    }
    DomainEventMessage<?> created = events.get(0);
    ConfigView view =
        new ConfigView(
            first.configId(),
            first.ownerId(),
            first.name(),
            first.description(),
            first.configData(),
            first.tags(),
            created.getTimestamp(),
            created.getTimestamp(),
            1,
            created.getSequenceNumber());
    if (last > 0 && events.get(last).getPayload() instanceof ConfigUpdatedEvent updated) {
      view =
          new ConfigView(
              view.configId(),
              view.ownerId(),
              updated.name(),
              updated.description(),
              updated.configData(),
              updated.tags(),
              view.createdAt(),
              events.get(last).getTimestamp(),
              updated.revision(),
              events.get(last).getSequenceNumber());
    }
    if (query.revision() != null && view.revision() != query.revision()) {
      return Optional.empty();
    }
    return Optional.of(new ConfigAsOf(view, deletedSince));
  }

  @QueryHandler
  ConfigPage list(ListConfigsQuery query) throws JsonProcessingException {
    String tags = json.writeValueAsString(query.tags());
    Long total =
        jdbc.queryForObject(
            "SELECT count(*) FROM config_view WHERE owner_id = ? AND NOT deleted"
                + " AND tags @> ?::jsonb",
            Long.class,
            query.ownerId(),
            tags);
    List<ConfigSummary> page =
        jdbc.query(
            "SELECT config_id, owner_id, name, description, tags::text AS tags, created_at,"
                + " updated_at, revision FROM config_view"
                + " WHERE owner_id = ? AND NOT deleted AND tags @> ?::jsonb"
                + " ORDER BY updated_at DESC, config_id LIMIT ? OFFSET ?",
            (rs, row) -> summary(rs),
            query.ownerId(),
            tags,
            query.limit(),
            query.offset());
    return new ConfigPage(page, total == null ? 0 : total);
  }

  @SuppressWarnings("unchecked")
  private ConfigSummary summary(ResultSet rs) throws SQLException {
    try {
      return new ConfigSummary(
          new ConfigId(rs.getObject("config_id", java.util.UUID.class)),
          rs.getString("owner_id"),
          rs.getString("name"),
          rs.getString("description"),
          json.readValue(rs.getString("tags"), Map.class),
          rs.getTimestamp("created_at").toInstant(),
          rs.getTimestamp("updated_at").toInstant(),
          rs.getInt("revision"));
    } catch (JsonProcessingException e) {
      throw new SQLException("config_view.tags is not valid JSON", e);
    }
  }

  private Optional<ViewRow<ConfigView>> load(ConfigId id) {
    return jdbc
        .query(
            """
            SELECT config_id, owner_id, name, description, config_data::text AS config_data,
                   tags::text AS tags, created_at, updated_at, revision, version, deleted
            FROM config_view WHERE config_id = ?
            """,
            (rs, row) -> new ViewRow<>(map(rs), rs.getBoolean("deleted")),
            id.value())
        .stream()
        .findFirst();
  }

  @SuppressWarnings("unchecked")
  private ConfigView map(ResultSet rs) throws SQLException {
    try {
      return new ConfigView(
          new ConfigId(rs.getObject("config_id", java.util.UUID.class)),
          rs.getString("owner_id"),
          rs.getString("name"),
          rs.getString("description"),
          (ObjectNode) json.readTree(rs.getString("config_data")),
          json.readValue(rs.getString("tags"), Map.class),
          rs.getTimestamp("created_at").toInstant(),
          rs.getTimestamp("updated_at").toInstant(),
          rs.getInt("revision"),
          rs.getLong("version"));
    } catch (JsonProcessingException e) {
      throw new SQLException("config_view row is not valid JSON", e);
    }
  }
}
