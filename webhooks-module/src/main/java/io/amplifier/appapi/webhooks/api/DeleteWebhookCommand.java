package io.amplifier.appapi.webhooks.api;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Intent to delete a webhook, by its owner (or, for an application's webhook, an admin of it). */
public record DeleteWebhookCommand(@TargetAggregateIdentifier WebhookId webhookId) {}
