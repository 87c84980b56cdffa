package io.amplifier.appapi.webhooks.api;

import org.axonframework.serialization.Revision;

/** A webhook was deleted: nothing more is delivered to it, and its sealed secret is destroyed. */
@Revision("1")
public record WebhookDeletedEvent(WebhookId webhookId) implements WebhookEvent {}
