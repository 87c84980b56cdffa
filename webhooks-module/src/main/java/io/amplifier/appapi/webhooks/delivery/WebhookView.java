package io.amplifier.appapi.webhooks.delivery;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A registered webhook as its table holds it, without its secret. */
public record WebhookView(
    UUID webhookId,
    String ownerId,
    String appId,
    boolean application,
    String url,
    List<String> events,
    Instant createdAt) {}
