package io.amplifier.appapi.users.web;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.amplifier.appapi.users.service.SigningKeyRules;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Body of {@code POST /applications}, as the original service accepts it, plus an optional signing
 * key of the application's own ({@code jwks_url} or {@code public_key}): when given, its users'
 * tokens must be signed with it, and {@code SECRET_KEY} no longer speaks for them.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
record RegisterApplicationRequest(
    @NotNull
        @Size(min = 1, max = 100)
        @Pattern(regexp = "^[a-z0-9-]+$", message = "must match ^[a-z0-9-]+$")
        String appId,
    @NotBlank @Size(max = 255) String appName,
    @Nullable Map<String, Object> settings,
    @Nullable Boolean isAdmin,
    @Nullable @Size(max = 2048) String jwksUrl,
    @Nullable @Size(max = SigningKeyRules.MAX_PEM_LENGTH) String publicKey) {}
