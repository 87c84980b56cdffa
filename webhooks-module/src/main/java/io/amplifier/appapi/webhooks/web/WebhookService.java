package io.amplifier.appapi.webhooks.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.amplifier.appapi.sessions.api.OutboundGuard;
import io.amplifier.appapi.users.api.Caller;
import io.amplifier.appapi.webhooks.api.CreateWebhookCommand;
import io.amplifier.appapi.webhooks.api.DeleteWebhookCommand;
import io.amplifier.appapi.webhooks.api.WebhookEventTypes;
import io.amplifier.appapi.webhooks.api.WebhookId;
import io.amplifier.appapi.webhooks.delivery.Deliveries;
import io.amplifier.appapi.webhooks.delivery.WebhookSettings;
import io.amplifier.appapi.webhooks.delivery.WebhookSignature;
import io.amplifier.appapi.webhooks.delivery.WebhookView;
import io.amplifier.appapi.webhooks.delivery.Webhooks;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

/** The webhook routes' work: input checks, limits, who may see what, and the commands. */
@Service
class WebhookService {

  private static final int APP_ID_MAX = 200;

  private final CommandGateway commands;
  private final Webhooks webhooks;
  private final Deliveries deliveries;
  private final OutboundGuard guard;
  private final WebhookSettings settings;
  private final ObjectMapper json;

  WebhookService(
      CommandGateway commands,
      Webhooks webhooks,
      Deliveries deliveries,
      OutboundGuard guard,
      WebhookSettings settings,
      ObjectMapper json) {
    this.commands = commands;
    this.webhooks = webhooks;
    this.deliveries = deliveries;
    this.guard = guard;
    this.settings = settings;
    this.json = json;
  }

  /** A registered webhook and, when the service generated it, its secret (shown this once). */
  record Created(WebhookView webhook, @Nullable String secret) {}

  Created create(
      @Nullable String url,
      @Nullable List<String> events,
      @Nullable String secret,
      @Nullable String appId,
      Caller caller) {
    String checkedUrl = url(url);
    List<String> checkedEvents = events(events);
    boolean generated = secret == null;
    String key = secret == null ? WebhookSignature.generate() : secret;
    if (!generated && !WebhookSignature.valid(key)) {
      throw WebhookRefusal.invalid(
          "secret", "must be whsec_ followed by 24 to 64 bytes in base64 (or left out)");
    }
    boolean application = appId != null;
    String app = caller.appId();
    if (appId != null) {
      if (!caller.admin()) {
        throw new WebhookRefusal(
            HttpStatus.FORBIDDEN,
            "forbidden",
            null,
            "Only an admin may register a webhook for an application");
      }
      if (appId.isBlank() || appId.length() > APP_ID_MAX) {
        throw WebhookRefusal.invalid("app_id", "must name an application");
      }
      app = appId;
      if (webhooks.countOfApplication(app) >= settings.maxPerApplication()) {
        throw limit("application", settings.maxPerApplication());
      }
    } else if (webhooks.countOfUser(caller.userId().value()) >= settings.maxPerUser()) {
      throw limit("user", settings.maxPerUser());
    }
    WebhookId id = WebhookId.random();
    commands.sendAndWait(
        new CreateWebhookCommand(
            id,
            caller.userId().value(),
            app,
            application,
            checkedUrl,
            checkedEvents,
            key,
            generated));
    WebhookView view = webhooks.find(id.value()).orElseThrow();
    return new Created(view, generated ? key : null);
  }

  List<WebhookView> list(Caller caller) {
    return webhooks.visibleTo(
        caller.userId().value(),
        caller.admin(),
        Math.max(settings.maxPerUser(), settings.maxPerApplication()) * 10);
  }

  WebhookView read(String webhookId, Caller caller) {
    Optional<UUID> id = uuid(webhookId);
    return id.flatMap(webhooks::find)
        .filter(w -> visible(w, caller))
        .orElseThrow(() -> WebhookRefusal.notFound("Webhook"));
  }

  void delete(String webhookId, Caller caller) {
    WebhookView webhook = read(webhookId, caller);
    commands.sendAndWait(new DeleteWebhookCommand(new WebhookId(webhook.webhookId())));
  }

  UUID test(String webhookId, Caller caller) {
    WebhookView webhook = read(webhookId, caller);
    String eventId = "test_" + UUID.randomUUID();
    ObjectNode body = json.createObjectNode();
    body.put("type", WebhookEventTypes.TEST);
    body.put("timestamp", Instant.now().toString());
    body.putObject("data").put("webhook_id", webhook.webhookId().toString());
    return deliveries.enqueueTest(webhook.webhookId(), body.toString(), eventId);
  }

  Deliveries deliveries() {
    return deliveries;
  }

  static Optional<UUID> uuid(String text) {
    try {
      return text.length() == 36 ? Optional.of(UUID.fromString(text)) : Optional.empty();
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private static boolean visible(WebhookView webhook, Caller caller) {
    return webhook.application()
        ? caller.admin()
        : webhook.ownerId().equals(caller.userId().value());
  }

  private String url(@Nullable String url) {
    if (url == null || url.isBlank()) {
      throw WebhookRefusal.invalid("url", "is required");
    }
    if (url.length() > settings.urlMaxLength()) {
      throw WebhookRefusal.invalid(
          "url", "must be at most " + settings.urlMaxLength() + " characters");
    }
    Optional<String> refusal = guard.urlRefusal(url);
    if (refusal.isPresent()) {
      String why = refusal.get();
      throw WebhookRefusal.invalid(
          "url", why.startsWith("must") || why.startsWith("is") ? why : "must not reach " + why);
    }
    return url.trim();
  }

  private static List<String> events(@Nullable List<String> events) {
    if (events == null || events.isEmpty()) {
      throw WebhookRefusal.invalid("events", "must name at least one of " + WebhookEventTypes.ALL);
    }
    if (events.size() > WebhookEventTypes.ALL.size()) {
      throw WebhookRefusal.invalid(
          "events", "must name at most " + WebhookEventTypes.ALL.size() + " event types");
    }
    Set<String> distinct = new LinkedHashSet<>();
    for (String event : events) {
      if (event == null || !WebhookEventTypes.ALL.contains(event)) {
        throw WebhookRefusal.invalid("events", "must each be one of " + WebhookEventTypes.ALL);
      }
      distinct.add(event);
    }
    return List.copyOf(distinct);
  }

  private static WebhookRefusal limit(String whose, int max) {
    return new WebhookRefusal(
        HttpStatus.CONFLICT,
        "conflict",
        null,
        "The " + whose + " has " + max + " webhooks already, the most it may have");
  }
}
