package io.amplifier.appapi.webhooks.web;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.amplifier.appapi.users.api.Caller;
import io.amplifier.appapi.webhooks.delivery.DeliveryView;
import io.amplifier.appapi.webhooks.delivery.WebhookView;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The webhook routes: a user's webhooks receive the events of what the user owns; an admin's
 * webhook for an {@code app_id} receives all of that application's. Deliveries are signed as the
 * Standard Webhooks spec says and visible with every attempt.
 */
@RestController
@RequestMapping("/webhooks")
class WebhookController {

  private final WebhookService webhooks;

  WebhookController(WebhookService webhooks) {
    this.webhooks = webhooks;
  }

  /** Body of create: where, which events, and optionally the secret and the application. */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  record CreateWebhookRequest(
      @Nullable String url,
      @Nullable List<String> events,
      @Nullable String secret,
      @Nullable String appId) {}

  @Operation(summary = "Register a webhook (the generated secret is shown in this answer only)")
  @ApiResponse(responseCode = "201", description = "Created")
  @ApiResponse(
      responseCode = "400",
      description = "A bad URL (or one the outbound policy refuses), event or secret")
  @ApiResponse(responseCode = "403", description = "An app_id given by a caller who is no admin")
  @ApiResponse(responseCode = "409", description = "The caller has as many webhooks as it may")
  @PostMapping
  ResponseEntity<Map<String, Object>> create(
      @RequestBody CreateWebhookRequest request, Caller caller) {
    WebhookService.Created created =
        webhooks.create(request.url(), request.events(), request.secret(), request.appId(), caller);
    Map<String, Object> body = body(created.webhook());
    if (created.secret() != null) {
      body.put("secret", created.secret());
    }
    return ResponseEntity.created(URI.create("/webhooks/" + created.webhook().webhookId()))
        .body(body);
  }

  @Operation(summary = "List the caller's webhooks (an admin's include every application's)")
  @ApiResponse(responseCode = "200", description = "OK")
  @GetMapping
  Map<String, Object> list(Caller caller) {
    List<Map<String, Object>> all =
        webhooks.list(caller).stream().map(WebhookController::body).toList();
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("webhooks", all);
    body.put("total", all.size());
    return body;
  }

  @Operation(summary = "Get a webhook")
  @ApiResponse(responseCode = "200", description = "OK")
  @ApiResponse(responseCode = "404", description = "Webhook not found (or not the caller's)")
  @GetMapping("/{webhookId}")
  Map<String, Object> get(@PathVariable String webhookId, Caller caller) {
    return body(webhooks.read(webhookId, caller));
  }

  @Operation(summary = "Delete a webhook: nothing more is delivered, its secret is destroyed")
  @ApiResponse(responseCode = "204", description = "Deleted")
  @ApiResponse(responseCode = "404", description = "Webhook not found (or not the caller's)")
  @DeleteMapping("/{webhookId}")
  ResponseEntity<Void> delete(@PathVariable String webhookId, Caller caller) {
    webhooks.delete(webhookId, caller);
    return ResponseEntity.noContent().build();
  }

  @Operation(summary = "Queue a signed webhook.test delivery to the webhook")
  @ApiResponse(responseCode = "202", description = "Queued")
  @ApiResponse(responseCode = "404", description = "Webhook not found (or not the caller's)")
  @PostMapping("/{webhookId}/test")
  ResponseEntity<Map<String, Object>> test(@PathVariable String webhookId, Caller caller) {
    UUID delivery = webhooks.test(webhookId, caller);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("webhook_id", webhookId);
    body.put("delivery_id", delivery.toString());
    body.put("status", "pending");
    return ResponseEntity.status(HttpStatus.ACCEPTED)
        .location(URI.create("/webhooks/" + webhookId + "/deliveries/" + delivery))
        .body(body);
  }

  @Operation(summary = "List a webhook's deliveries, newest event first")
  @ApiResponse(responseCode = "200", description = "OK")
  @ApiResponse(responseCode = "404", description = "Webhook not found (or not the caller's)")
  @ApiResponse(responseCode = "422", description = "Invalid limit")
  @GetMapping("/{webhookId}/deliveries")
  Map<String, Object> deliveries(
      @PathVariable String webhookId,
      @RequestParam(defaultValue = "50") @Min(1) @Max(500) int limit,
      Caller caller) {
    WebhookView webhook = webhooks.read(webhookId, caller);
    List<Map<String, Object>> all =
        webhooks.deliveries().list(webhook.webhookId(), limit).stream()
            .map(d -> delivery(d, false))
            .toList();
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("deliveries", all);
    body.put("total", all.size());
    return body;
  }

  @Operation(summary = "Get one delivery with every attempt")
  @ApiResponse(responseCode = "200", description = "OK")
  @ApiResponse(responseCode = "404", description = "Webhook or delivery not found")
  @GetMapping("/{webhookId}/deliveries/{deliveryId}")
  Map<String, Object> delivery(
      @PathVariable String webhookId, @PathVariable String deliveryId, Caller caller) {
    WebhookView webhook = webhooks.read(webhookId, caller);
    return WebhookService.uuid(deliveryId)
        .flatMap(id -> webhooks.deliveries().find(webhook.webhookId(), id))
        .map(d -> delivery(d, true))
        .orElseThrow(() -> WebhookRefusal.notFound("Delivery"));
  }

  @Operation(summary = "Send a delivery again (with a fresh 24 h of retries)")
  @ApiResponse(responseCode = "202", description = "Queued")
  @ApiResponse(responseCode = "404", description = "Webhook or delivery not found")
  @PostMapping("/{webhookId}/deliveries/{deliveryId}/redeliver")
  ResponseEntity<Map<String, Object>> redeliver(
      @PathVariable String webhookId, @PathVariable String deliveryId, Caller caller) {
    WebhookView webhook = webhooks.read(webhookId, caller);
    UUID id =
        WebhookService.uuid(deliveryId)
            .filter(d -> webhooks.deliveries().redeliver(webhook.webhookId(), d))
            .orElseThrow(() -> WebhookRefusal.notFound("Delivery"));
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("webhook_id", webhookId);
    body.put("delivery_id", id.toString());
    body.put("status", "pending");
    return ResponseEntity.status(HttpStatus.ACCEPTED).body(body);
  }

  private static Map<String, Object> body(WebhookView webhook) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("webhook_id", webhook.webhookId().toString());
    body.put("url", webhook.url());
    body.put("events", webhook.events());
    body.put("scope", webhook.application() ? "application" : "user");
    if (webhook.application()) {
      body.put("app_id", webhook.appId());
    }
    body.put("created_at", webhook.createdAt().toString());
    return body;
  }

  private static Map<String, Object> delivery(DeliveryView d, boolean withAttempts) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("delivery_id", d.deliveryId().toString());
    body.put("webhook_id", d.webhookId().toString());
    body.put("event_id", d.eventId());
    body.put("event_type", d.eventType());
    body.put("status", d.status());
    body.put("attempts", d.attempts());
    body.put("response_code", d.responseCode());
    body.put("latency_ms", d.latencyMs());
    body.put("error", d.lastError());
    body.put("created_at", d.createdAt().toString());
    body.put("last_attempt_at", d.lastAttemptAt() == null ? null : d.lastAttemptAt().toString());
    body.put("next_attempt_at", d.nextAttemptAt() == null ? null : d.nextAttemptAt().toString());
    if (withAttempts) {
      body.put(
          "attempt_log",
          d.attemptLog().stream()
              .map(
                  a -> {
                    Map<String, Object> one = new LinkedHashMap<>();
                    one.put("attempt", a.attempt());
                    one.put("started_at", a.startedAt().toString());
                    one.put("node", a.node());
                    one.put("response_code", a.responseCode());
                    one.put("latency_ms", a.latencyMs());
                    one.put("error", a.error());
                    return one;
                  })
              .toList());
    }
    return body;
  }
}
