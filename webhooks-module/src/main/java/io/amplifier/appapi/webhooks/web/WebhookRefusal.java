package io.amplifier.appapi.webhooks.web;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;

/** A webhook route's refusal: the status, the problem type, and the field at fault if any. */
class WebhookRefusal extends RuntimeException {

  final HttpStatus status;
  final String slug;
  final @Nullable String field;

  WebhookRefusal(HttpStatus status, String slug, @Nullable String field, String detail) {
    super(detail, null, false, false);
    this.status = status;
    this.slug = slug;
    this.field = field;
  }

  /** A 400 {@code webhook-validation} naming {@code field}. */
  static WebhookRefusal invalid(String field, String message) {
    return new WebhookRefusal(
        HttpStatus.BAD_REQUEST,
        "webhook-validation",
        field,
        "Webhook validation error: " + field + " " + message);
  }

  static WebhookRefusal notFound(String what) {
    return new WebhookRefusal(HttpStatus.NOT_FOUND, "not-found", null, what + " not found");
  }
}
