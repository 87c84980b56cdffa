package io.amplifier.appapi.webhooks.api;

/** Marker of every fact about a webhook registration. */
public sealed interface WebhookEvent permits WebhookCreatedEvent, WebhookDeletedEvent {

  WebhookId webhookId();
}
