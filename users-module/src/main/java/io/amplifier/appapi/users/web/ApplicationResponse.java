package io.amplifier.appapi.users.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.amplifier.appapi.users.api.ApplicationView;
import java.time.Instant;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * An application on the wire. {@code api_key} is filled only in the answer to registration and
 * regeneration, the one time the key is ever shown.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
record ApplicationResponse(
    String appId,
    String appName,
    @Nullable String apiKey,
    boolean isActive,
    boolean isAdmin,
    Map<String, Object> settings,
    Instant createdAt,
    Instant updatedAt,
    @Nullable String jwksUrl,
    @Nullable String publicKey,
    @Nullable String message) {

  static ApplicationResponse of(
      ApplicationView view, @Nullable String apiKey, @Nullable String message) {
    return new ApplicationResponse(
        view.appId(),
        view.appName(),
        apiKey,
        view.active(),
        view.admin(),
        view.settings(),
        view.createdAt(),
        view.updatedAt(),
        view.jwksUrl(),
        view.publicKey(),
        message);
  }
}
