package io.amplifier.appapi.webhooks.api;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Objects;
import java.util.UUID;

/** Identifies one webhook; stored in the event store as {@code webhook:} plus the UUID. */
public record WebhookId(@JsonValue UUID value) {

  @JsonCreator
  public WebhookId {
    Objects.requireNonNull(value, "value");
  }

  public static WebhookId random() {
    return new WebhookId(UUID.randomUUID());
  }

  @Override
  public String toString() {
    return "webhook:" + value;
  }
}
