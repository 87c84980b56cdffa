package io.amplifier.appapi.webhooks.command;

import io.amplifier.appapi.configs.api.SecretSealing;
import io.amplifier.appapi.configs.api.SecretSealing.SealedSecret;
import io.amplifier.appapi.webhooks.api.CreateWebhookCommand;
import io.amplifier.appapi.webhooks.api.WebhookId;
import java.sql.Timestamp;
import java.time.Instant;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The {@code webhooks} table, owned by the command side and written in the command's transaction: a
 * webhook's row (with its sealed secret) exists exactly while its events say it does.
 */
@Component
class WebhookRegistrations {

  private final JdbcTemplate jdbc;
  private final SecretSealing sealing;

  WebhookRegistrations(JdbcTemplate jdbc, SecretSealing sealing) {
    this.jdbc = jdbc;
    this.sealing = sealing;
  }

  void register(CreateWebhookCommand command, Instant at) {
    SealedSecret sealed = sealing.seal(command.secret());
    jdbc.update(
        "INSERT INTO webhooks (webhook_id, owner_id, app_id, application, url, events,"
            + " master_key_id, wrapped_key, sealed_secret, created_at)"
            + " VALUES (?, ?, ?, ?, ?, ?::text[], ?, ?, ?, ?)",
        command.webhookId().value(),
        command.ownerId(),
        command.appId(),
        command.application(),
        command.url(),
        "{" + String.join(",", command.events()) + "}",
        sealed.masterKeyId(),
        sealed.wrappedKey(),
        sealed.ciphertext(),
        Timestamp.from(at));
  }

  /** Deletes the row (and so the sealed secret) and the webhook's deliveries, now unreachable. */
  void remove(WebhookId webhook) {
    jdbc.update("DELETE FROM webhooks WHERE webhook_id = ?", webhook.value());
    jdbc.update("DELETE FROM webhook_deliveries WHERE webhook_id = ?", webhook.value());
  }
}
