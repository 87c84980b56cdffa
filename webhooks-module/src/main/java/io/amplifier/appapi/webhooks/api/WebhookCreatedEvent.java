package io.amplifier.appapi.webhooks.api;

import java.util.List;
import org.axonframework.serialization.Revision;

/**
 * A caller registered a webhook: {@code url} receives the {@code events} named (wire names such as
 * {@code turn.completed}) of what {@code ownerId} may read, or, when {@code application} is true,
 * every such event of application {@code appId}. The secret is not here: it is sealed in the
 * module's own table ({@code secretGenerated} says whether the service made it).
 */
@Revision("1")
public record WebhookCreatedEvent(
    WebhookId webhookId,
    String ownerId,
    String appId,
    boolean application,
    String url,
    List<String> events,
    boolean secretGenerated)
    implements WebhookEvent {}
