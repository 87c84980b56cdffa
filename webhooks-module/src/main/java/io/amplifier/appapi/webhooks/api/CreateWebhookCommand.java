package io.amplifier.appapi.webhooks.api;

import java.util.List;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Intent to register a webhook; {@code secret} is the {@code whsec_…} secret in clear. */
public record CreateWebhookCommand(
    @TargetAggregateIdentifier WebhookId webhookId,
    String ownerId,
    String appId,
    boolean application,
    String url,
    List<String> events,
    String secret,
    boolean secretGenerated) {

  @Override
  public String toString() {
    return "CreateWebhookCommand[webhookId=" + webhookId + ", url=" + url + ", secret=***]";
  }
}
