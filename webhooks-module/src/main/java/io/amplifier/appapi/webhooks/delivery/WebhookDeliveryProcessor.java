package io.amplifier.appapi.webhooks.delivery;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.amplifier.appapi.configs.api.ConfigCreatedEvent;
import io.amplifier.appapi.configs.api.ConfigDeletedEvent;
import io.amplifier.appapi.configs.api.ConfigUpdatedEvent;
import io.amplifier.appapi.configs.api.RecipeCreatedEvent;
import io.amplifier.appapi.configs.api.RecipeDeletedEvent;
import io.amplifier.appapi.configs.api.RecipeUpdatedEvent;
import io.amplifier.appapi.sessions.api.SessionApprovalRequestedEvent;
import io.amplifier.appapi.sessions.api.SessionDeletedEvent;
import io.amplifier.appapi.sessions.api.SessionReplyRecordedEvent;
import io.amplifier.appapi.sessions.api.SessionStartedEvent;
import io.amplifier.appapi.sessions.api.SessionTurnFailedEvent;
import io.amplifier.appapi.users.api.Caller;
import io.amplifier.appapi.webhooks.api.WebhookEventTypes;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DisallowReplay;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The {@code webhook-deliveries} processor (pooled, asynchronous, never replayed): for each event a
 * webhook may subscribe to, one queued delivery per webhook that wants it, in the processor's own
 * transaction with its token. A user's webhook gets the events of what the user owns (their
 * sessions, configs, recipes); an application's webhook every such event of its application. The
 * owner and application of an entity come from its first event, kept in {@code webhook_subjects}. A
 * webhook gets only events that happened after it was created. The {@code webhook-id} a receiver
 * sees is the event's own id, the same for every attempt and redelivery.
 */
@Component
@ProcessingGroup(WebhookDeliveryProcessor.NAME)
@DisallowReplay
class WebhookDeliveryProcessor {

  static final String NAME = "webhook-deliveries";

  private final JdbcTemplate jdbc;
  private final Deliveries deliveries;
  private final ObjectMapper json;

  WebhookDeliveryProcessor(JdbcTemplate jdbc, Deliveries deliveries, ObjectMapper json) {
    this.jdbc = jdbc;
    this.deliveries = deliveries;
    this.json = json;
  }

  @EventHandler
  void on(Object payload, EventMessage<?> event, TrackingToken token)
      throws JsonProcessingException {
    if (!(event instanceof DomainEventMessage<?> domain)) {
      return;
    }
    String entity = domain.getAggregateIdentifier();
    Object app = event.getMetaData().get(Caller.APP_ID);
    String owner = ownerOf(payload);
    if (owner != null) {
      jdbc.update(
          "INSERT INTO webhook_subjects (entity_id, owner_id, app_id) VALUES (?, ?, ?)"
              + " ON CONFLICT (entity_id) DO NOTHING",
          entity,
          owner,
          app == null ? "" : app.toString());
    }
    ObjectNode data = json.createObjectNode();
    String type = describe(payload, data);
    if (type == null) {
      return;
    }
    List<Subject> subjects =
        jdbc.query(
            "SELECT owner_id, app_id FROM webhook_subjects WHERE entity_id = ?",
            (rs, n) -> new Subject(rs.getString("owner_id"), rs.getString("app_id")),
            entity);
    if (subjects.isEmpty()) {
      return;
    }
    Subject subject = subjects.get(0);
    Instant at = event.getTimestamp();
    List<UUID> webhooks =
        jdbc.queryForList(
            "SELECT webhook_id FROM webhooks WHERE ? = ANY(events) AND created_at <= ?"
                + " AND ((NOT application AND owner_id = ?) OR (application AND app_id = ?))",
            UUID.class,
            type,
            Timestamp.from(at),
            subject.owner(),
            subject.app());
    if (webhooks.isEmpty()) {
      forgetIfDeleted(payload, entity);
      return;
    }
    ObjectNode body = json.createObjectNode();
    body.put("type", type);
    body.put("timestamp", at.toString());
    data.put("user_id", subject.owner());
    if (!subject.app().isEmpty()) {
      data.put("app_id", subject.app());
    }
    body.set("data", data);
    String text = json.writeValueAsString(body);
    long position = token.position().orElse(0L);
    for (UUID webhook : webhooks) {
      deliveries.enqueue(webhook, event.getIdentifier(), type, entity, position, text, at);
    }
    forgetIfDeleted(payload, entity);
  }

  /** A deleted entity has no more events: its subject row goes (the table stays bounded). */
  private void forgetIfDeleted(Object payload, String entity) {
    if (payload instanceof SessionDeletedEvent
        || payload instanceof ConfigDeletedEvent
        || payload instanceof RecipeDeletedEvent) {
      jdbc.update("DELETE FROM webhook_subjects WHERE entity_id = ?", entity);
    }
  }

  private record Subject(String owner, String app) {}

  private static @Nullable String ownerOf(Object payload) {
    if (payload instanceof SessionStartedEvent e) {
      return e.ownerId();
    }
    if (payload instanceof ConfigCreatedEvent e) {
      return e.ownerId();
    }
    if (payload instanceof RecipeCreatedEvent e) {
      return e.ownerId();
    }
    return null;
  }

  /** The webhook event type of {@code payload} (its data put in {@code data}), or null. */
  private static @Nullable String describe(Object payload, ObjectNode data) {
    if (payload instanceof SessionStartedEvent e) {
      data.put("session_id", e.sessionId().value().toString());
      data.put("config_id", e.configId());
      return WebhookEventTypes.SESSION_CREATED;
    }
    if (payload instanceof SessionReplyRecordedEvent e) {
      if (e.cancelled()) {
        return null;
      }
      data.put("session_id", e.sessionId().value().toString());
      data.put("turn_id", e.turnId());
      data.put("response", e.content());
      return WebhookEventTypes.TURN_COMPLETED;
    }
    if (payload instanceof SessionTurnFailedEvent e) {
      data.put("session_id", e.sessionId().value().toString());
      data.put("turn_id", e.turnId());
      data.put("reason", e.reason());
      return WebhookEventTypes.TURN_FAILED;
    }
    if (payload instanceof SessionApprovalRequestedEvent e) {
      data.put("session_id", e.sessionId().value().toString());
      data.put("turn_id", e.turnId());
      data.put("approval_id", e.approvalId());
      data.put("tool", e.tool());
      return WebhookEventTypes.APPROVAL_REQUESTED;
    }
    if (payload instanceof SessionDeletedEvent e) {
      data.put("session_id", e.sessionId().value().toString());
      return WebhookEventTypes.SESSION_DELETED;
    }
    if (payload instanceof ConfigCreatedEvent e) {
      data.put("config_id", e.configId().toString());
      data.put("name", e.name());
      return WebhookEventTypes.CONFIG_CREATED;
    }
    if (payload instanceof ConfigUpdatedEvent e) {
      data.put("config_id", e.configId().toString());
      data.put("name", e.name());
      data.put("revision", e.revision());
      data.set(
          "changed_fields",
          data.arrayNode().addAll(e.changedFields().stream().map(data::textNode).toList()));
      return WebhookEventTypes.CONFIG_UPDATED;
    }
    if (payload instanceof ConfigDeletedEvent e) {
      data.put("config_id", e.configId().toString());
      return WebhookEventTypes.CONFIG_DELETED;
    }
    if (payload instanceof RecipeCreatedEvent e) {
      data.put("recipe_id", e.recipeId().value().toString());
      data.put("name", e.name());
      return WebhookEventTypes.RECIPE_CREATED;
    }
    if (payload instanceof RecipeUpdatedEvent e) {
      data.put("recipe_id", e.recipeId().value().toString());
      data.put("name", e.name());
      return WebhookEventTypes.RECIPE_UPDATED;
    }
    if (payload instanceof RecipeDeletedEvent e) {
      data.put("recipe_id", e.recipeId().value().toString());
      return WebhookEventTypes.RECIPE_DELETED;
    }
    return null;
  }
}
