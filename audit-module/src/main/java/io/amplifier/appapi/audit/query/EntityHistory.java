package io.amplifier.appapi.audit.query;

import io.amplifier.appapi.configs.api.ConfigCreatedEvent;
import io.amplifier.appapi.configs.api.ConfigSecretsRevealedEvent;
import io.amplifier.appapi.configs.api.ConfigUpdatedEvent;
import io.amplifier.appapi.users.api.Caller;
import io.amplifier.appapi.users.api.UserId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.MetaData;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * Reads one entity's history straight from the event store (never a projection): its events, oldest
 * first, each with who caused it and what it changed. Visible to the entity's owner only, and
 * applications to admins only; to anyone else the entity does not exist. The reader's rights are
 * checked on the first event before any other is read, and a page reads the events up to its last
 * one (and one more) lazily, never the whole stream.
 */
@Component
public class EntityHistory {

  private final EventStore eventStore;

  EntityHistory(EventStore eventStore) {
    this.eventStore = eventStore;
  }

  /** True when the entity exists but {@code caller} may not read it (a refused read). */
  public boolean hiddenFrom(EntityKind kind, String id, Caller caller) {
    Optional<String> aggregate = kind.aggregateId(id);
    if (aggregate.isEmpty()) {
      return false;
    }
    DomainEventStream events = eventStore.readEvents(aggregate.get(), 0);
    return events.hasNext() && !mayRead(kind, events.peek().getPayload(), caller);
  }

  static boolean mayRead(EntityKind kind, Object firstPayload, Caller caller) {
    if (kind == EntityKind.APPLICATION) {
      return caller.admin();
    }
    return caller.userId().value().equals(EntityKind.ownerOf(firstPayload));
  }

  /**
   * The wire form of a page of history: events after sequence {@code after}, at most {@code limit};
   * empty when the entity does not exist or {@code caller} may not see it.
   */
  public Optional<Map<String, Object>> page(
      EntityKind kind, String id, Caller caller, long after, int limit) {
    Optional<String> aggregate = kind.aggregateId(id);
    if (aggregate.isEmpty()) {
      return Optional.empty();
    }
    DomainEventStream events = eventStore.readEvents(aggregate.get(), 0);
    if (!events.hasNext() || !mayRead(kind, events.peek().getPayload(), caller)) {
      return Optional.empty();
    }
    EventChanges changes = new EventChanges();
    List<Map<String, Object>> entries = new ArrayList<>();
    Long next = null;
    long last = -1;
    while (events.hasNext()) {
      DomainEventMessage<?> event = events.next();
      last = event.getSequenceNumber();
      if (event.getSequenceNumber() > after && entries.size() == limit) {
        next = event.getSequenceNumber() - 1;
        break;
      }
      List<EventChanges.Change> changed = changes.apply(event.getPayload());
      if (event.getSequenceNumber() > after) {
        entries.add(entry(event, changed));
      }
    }
    long total =
        next == null
            ? last + 1
            : eventStore.lastSequenceNumberFor(aggregate.get()).orElse(last) + 1;
    Map<String, Object> body = new LinkedHashMap<>();
    body.put(kind.idField, id);
    body.put("events", entries);
    body.put("total", total);
    body.put("next_after", next);
    return Optional.of(body);
  }

  static Map<String, Object> entry(DomainEventMessage<?> event, List<EventChanges.Change> changed) {
    Object payload = event.getPayload();
    MetaData metadata = event.getMetaData();
    Map<String, Object> entry = new LinkedHashMap<>();
    entry.put("event_type", event.getPayloadType().getSimpleName());
    entry.put("sequence_number", event.getSequenceNumber());
    entry.put("timestamp", event.getTimestamp());
    entry.put("revision", revisionOf(payload));
    entry.put(
        "changed_fields",
        payload instanceof ConfigUpdatedEvent updated
            ? updated.changedFields()
            : EventChanges.fields(changed));
    entry.put("changes", changed.stream().map(EventChanges.Change::toWire).toList());
    entry.put("user_id", UserId.wireOrNull(text(metadata.get(Caller.USER_ID))));
    entry.put("app_id", text(metadata.get(Caller.APP_ID)));
    entry.put("request_id", text(metadata.get(Caller.REQUEST_ID)));
    entry.put("actor", actorOf(metadata));
    entry.put("caused_by", text(metadata.get(Caller.CAUSATION_ID)));
    return entry;
  }

  /** The actor kind an event names; events from before it was recorded are told by their user. */
  static String actorOf(MetaData metadata) {
    Object actor = metadata.get(Caller.ACTOR);
    if (actor != null) {
      return actor.toString();
    }
    Object user = metadata.get(Caller.USER_ID);
    if (Caller.SYSTEM_PRINCIPAL.equals(user) || user == null) {
      return Caller.ACTOR_SYSTEM;
    }
    return Caller.ADMIN_PRINCIPAL.equals(user) ? Caller.ACTOR_ADMIN : Caller.ACTOR_USER;
  }

  private static @Nullable Integer revisionOf(Object payload) {
    if (payload instanceof ConfigCreatedEvent) {
      return 1;
    }
    if (payload instanceof ConfigUpdatedEvent updated) {
      return updated.revision();
    }
    if (payload instanceof ConfigSecretsRevealedEvent revealed) {
      return revealed.configRevision();
    }
    return null;
  }

  static @Nullable String text(@Nullable Object value) {
    return value == null ? null : value.toString();
  }
}
