package io.amplifier.appapi.audit.query;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.amplifier.appapi.audit.api.AccessRefusedEvent;
import io.amplifier.appapi.audit.api.AuditEvent;
import io.amplifier.appapi.audit.api.DeadLetterEvictedEvent;
import io.amplifier.appapi.audit.api.DeadLetterRetriedEvent;
import io.amplifier.appapi.audit.api.ProjectionRebuildStartedEvent;
import io.amplifier.appapi.configs.api.ConfigUpdatedEvent;
import io.amplifier.appapi.configs.api.MasterKeysRotatedEvent;
import io.amplifier.appapi.platform.api.ProjectionCommits;
import io.amplifier.appapi.users.api.Caller;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.messaging.MetaData;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The {@code audit-log} read model: one row per event of every module (and the service's own audit
 * facts), keyed by the event's global index. Idempotent (a redelivered index is skipped) and
 * replay-safe (the reset handler truncates both of its tables).
 */
@Component
@ProcessingGroup(AuditLogProjection.NAME)
class AuditLogProjection {

  static final String NAME = "audit-log";

  private static final String PENDING = "audit-log-writes";

  private static final String INSERT_ROW =
      """
      INSERT INTO audit_log (global_index, event_id, occurred_at, entity_type, entity_id,
          owner_id, event_type, sequence_number, user_id, app_id, request_id, actor, caused_by,
          summary)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb)
      ON CONFLICT (global_index) DO NOTHING
      """;

  private static final String INSERT_OWNER =
      "INSERT INTO audit_log_owners (entity_type, entity_id, owner_id) VALUES (?, ?, ?)"
          + " ON CONFLICT DO NOTHING";

  /** Owners of entities seen lately: an entity's owner is fixed when it is created. */
  private final Cache<String, String> owners = Caffeine.newBuilder().maximumSize(10_000).build();

  private final JdbcTemplate jdbc;
  private final ProjectionCommits commits;
  private final ObjectMapper json = new ObjectMapper();

  AuditLogProjection(JdbcTemplate jdbc, ProjectionCommits commits) {
    this.jdbc = jdbc;
    this.commits = commits;
  }

  /** What an event is about, and who owns that. */
  private record Subject(String type, String id, @Nullable String owner) {}

  @EventHandler
  void on(Object payload, EventMessage<?> event, TrackingToken token)
      throws JsonProcessingException {
    long index = token.position().orElseThrow();
    Subject subject = subject(payload, event);
    if (subject == null) {
      return;
    }
    MetaData metadata = event.getMetaData();
    Long sequence =
        event instanceof DomainEventMessage<?> domain
                && !(payload instanceof AuditEvent)
                && !(payload instanceof MasterKeysRotatedEvent)
            ? domain.getSequenceNumber()
            : null;
    List<String> fields =
        payload instanceof ConfigUpdatedEvent updated
            ? updated.changedFields()
            : EventChanges.fields(new EventChanges().apply(payload));
    write(
        INSERT_ROW,
        new Object[] {
          index,
          event.getIdentifier(),
          Timestamp.from(event.getTimestamp()),
          subject.type(),
          subject.id(),
          subject.owner(),
          event.getPayloadType().getSimpleName(),
          sequence,
          EntityHistory.text(metadata.get(Caller.USER_ID)),
          EntityHistory.text(metadata.get(Caller.APP_ID)),
          EntityHistory.text(metadata.get(Caller.REQUEST_ID)),
          EntityHistory.actorOf(metadata),
          EntityHistory.text(metadata.get(Caller.CAUSATION_ID)),
          json.writeValueAsString(Map.of("changed_fields", fields))
        });
  }

  /**
   * The rows of a processor's batch, sent as two JDBC batches (owners first, then the log) just
   * before the batch's transaction commits, with its token; at once outside a unit of work.
   */
  private static final class Pending {
    final List<Object[]> owners = new ArrayList<>();
    final List<Object[]> rows = new ArrayList<>();
    final Map<String, String> ownerOf = new HashMap<>();
  }

  private @Nullable Pending pending() {
    if (!CurrentUnitOfWork.isStarted()) {
      return null;
    }
    UnitOfWork<?> root = CurrentUnitOfWork.get().root();
    return root.getOrComputeResource(
        PENDING,
        key -> {
          Pending pending = new Pending();
          root.onPrepareCommit(unit -> flush(pending));
          return pending;
        });
  }

  private void write(String sql, Object[] row) {
    Pending pending = pending();
    if (pending == null) {
      jdbc.update(sql, row);
      commits.signalAfterCommit();
    } else {
      (sql.equals(INSERT_OWNER) ? pending.owners : pending.rows).add(row);
    }
  }

  private void flush(Pending pending) {
    if (!pending.owners.isEmpty()) {
      jdbc.batchUpdate(INSERT_OWNER, pending.owners);
    }
    if (!pending.rows.isEmpty()) {
      jdbc.batchUpdate(INSERT_ROW, pending.rows);
    }
    pending.owners.clear();
    pending.rows.clear();
    pending.ownerOf.clear();
    commits.signalAfterCommit();
  }

  private @Nullable Subject subject(Object payload, EventMessage<?> event) {
    if (payload instanceof AccessRefusedEvent refused) {
      return new Subject(
          refused.entityType(),
          refused.entityId(),
          owner(refused.entityType(), refused.entityId()));
    }
    if (payload instanceof ProjectionRebuildStartedEvent rebuild) {
      return new Subject("projection", rebuild.projection(), null);
    }
    if (payload instanceof DeadLetterRetriedEvent retried) {
      return new Subject("dead-letters", retried.processingGroup(), null);
    }
    if (payload instanceof DeadLetterEvictedEvent evicted) {
      return new Subject("dead-letters", evicted.processingGroup(), null);
    }
    if (payload instanceof MasterKeysRotatedEvent) {
      return new Subject("keys", "master", null);
    }
    if (!(event instanceof DomainEventMessage<?> domain)) {
      return null;
    }
    EntityKind kind = EntityKind.ofAggregate(domain.getAggregateIdentifier());
    if (kind == null) {
      return null;
    }
    String id = kind.entityId(domain.getAggregateIdentifier());
    String owner = EntityKind.ownerOf(payload);
    if (owner != null) {
      write(INSERT_OWNER, new Object[] {kind.wire, id, owner});
      Pending pending = pending();
      if (pending != null) {
        pending.ownerOf.put(kind.wire + '\n' + id, owner);
      }
      owners.put(kind.wire + '\n' + id, owner);
    } else if (kind != EntityKind.APPLICATION) {
      owner = owner(kind.wire, id);
    }
    return new Subject(kind.wire, id, owner);
  }

  /** The owner of an entity: of a batch not yet written, known (owners never change) or stored. */
  private @Nullable String owner(String type, String id) {
    String key = type + '\n' + id;
    Pending pending = pending();
    String known = pending == null ? null : pending.ownerOf.get(key);
    if (known == null) {
      known = owners.getIfPresent(key);
    }
    if (known != null) {
      return known;
    }
    String stored = storedOwner(type, id);
    if (stored != null) {
      owners.put(key, stored);
    }
    return stored;
  }

  private @Nullable String storedOwner(String type, String id) {
    return jdbc
        .queryForList(
            "SELECT owner_id FROM audit_log_owners WHERE entity_type = ? AND entity_id = ?",
            String.class,
            type,
            id)
        .stream()
        .findFirst()
        .orElse(null);
  }

  @ResetHandler
  void reset() {
    jdbc.execute("TRUNCATE TABLE audit_log, audit_log_owners");
  }
}
