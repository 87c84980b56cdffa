package io.amplifier.appapi.audit.query;

import io.amplifier.appapi.configs.api.ConfigCreatedEvent;
import io.amplifier.appapi.configs.api.RecipeCreatedEvent;
import io.amplifier.appapi.platform.api.InputPatterns;
import io.amplifier.appapi.sessions.api.SessionStartedEvent;
import java.util.Locale;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** The kinds of entity whose events can be read back: how their ids map to aggregate ids. */
public enum EntityKind {
  CONFIG("config", "config_id", "Config not found", ""),
  RECIPE("recipe", "recipe_id", "Recipe not found", "recipe:"),
  SESSION("session", "session_id", "Session not found", "session:"),
  APPLICATION("application", "app_id", "Application not found", "application:"),
  USER("user", "user_id", "User not found", "user:"),
  WEBHOOK("webhook", "webhook_id", "Webhook not found", "webhook:");

  public final String wire;
  final String idField;
  public final String notFound;
  final String prefix;

  EntityKind(String wire, String idField, String notFound, String prefix) {
    this.wire = wire;
    this.idField = idField;
    this.notFound = notFound;
    this.prefix = prefix;
  }

  /** The aggregate identifier of entity {@code id}, empty when {@code id} cannot be one. */
  public Optional<String> aggregateId(String id) {
    boolean uuid = InputPatterns.isUuid(id);
    return switch (this) {
      case CONFIG, RECIPE, SESSION, WEBHOOK ->
          uuid ? Optional.of(prefix + id.toLowerCase(Locale.ROOT)) : Optional.empty();
      case APPLICATION, USER ->
          id.isBlank() || id.length() > 200 ? Optional.empty() : Optional.of(prefix + id);
    };
  }

  /** The entity id inside an aggregate identifier of this kind. */
  public String entityId(String aggregateId) {
    return aggregateId.substring(prefix.length());
  }

  /** The kind of an aggregate identifier, from its prefix (a bare UUID is a config). */
  static @Nullable EntityKind ofAggregate(String aggregateId) {
    for (EntityKind kind : values()) {
      if (!kind.prefix.isEmpty() && aggregateId.startsWith(kind.prefix)) {
        return kind;
      }
    }
    return InputPatterns.isUuid(aggregateId) ? CONFIG : null;
  }

  /** The owner an entity's first event names (applications have none: admins own them). */
  static @Nullable String ownerOf(Object firstPayload) {
    if (firstPayload instanceof ConfigCreatedEvent created) {
      return created.ownerId();
    }
    if (firstPayload instanceof RecipeCreatedEvent created) {
      return created.ownerId();
    }
    if (firstPayload instanceof SessionStartedEvent started) {
      return started.ownerId();
    }
    if (firstPayload instanceof io.amplifier.appapi.webhooks.api.WebhookCreatedEvent created) {
      return created.ownerId();
    }
    if (firstPayload instanceof io.amplifier.appapi.users.api.UserFirstSeenEvent seen) {
      return seen.userId();
    }
    return null;
  }
}
