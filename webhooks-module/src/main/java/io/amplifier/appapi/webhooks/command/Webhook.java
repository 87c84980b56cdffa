package io.amplifier.appapi.webhooks.command;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import io.amplifier.appapi.webhooks.api.CreateWebhookCommand;
import io.amplifier.appapi.webhooks.api.DeleteWebhookCommand;
import io.amplifier.appapi.webhooks.api.WebhookCreatedEvent;
import io.amplifier.appapi.webhooks.api.WebhookDeletedEvent;
import io.amplifier.appapi.webhooks.api.WebhookId;
import java.time.Instant;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

/**
 * A webhook registration: created once, deleted once. Who may delete it is the service's check (the
 * owner, or an admin for an application's webhook); the aggregate keeps it deleted.
 */
@Aggregate
class Webhook {

  @AggregateIdentifier private WebhookId webhookId;
  private boolean deleted;

  /** For Axon, which rebuilds the aggregate from its events. */
  protected Webhook() {}

  @CommandHandler
  @CreationPolicy(AggregateCreationPolicy.ALWAYS)
  void handle(CreateWebhookCommand command, WebhookRegistrations registrations) {
    registrations.register(command, Instant.now());
    apply(
        new WebhookCreatedEvent(
            command.webhookId(),
            command.ownerId(),
            command.appId(),
            command.application(),
            command.url(),
            command.events(),
            command.secretGenerated()));
  }

  @CommandHandler
  boolean handle(DeleteWebhookCommand command, WebhookRegistrations registrations) {
    if (deleted) {
      return false;
    }
    registrations.remove(webhookId);
    apply(new WebhookDeletedEvent(webhookId));
    return true;
  }

  @EventSourcingHandler
  void on(WebhookCreatedEvent event) {
    webhookId = event.webhookId();
  }

  @EventSourcingHandler
  void on(WebhookDeletedEvent event) {
    deleted = true;
  }
}
