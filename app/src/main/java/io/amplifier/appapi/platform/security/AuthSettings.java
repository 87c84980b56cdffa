package io.amplifier.appapi.platform.security;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.core.env.Environment;

/**
 * Authentication settings, named as in the original service. With {@code AUTH_REQUIRED=true} the
 * service refuses to start on a default or short {@code SECRET_KEY} when it would sign-check HS256
 * tokens with it.
 */
record AuthSettings(
    boolean required,
    Mode mode,
    String apiKeyHeader,
    String secretKey,
    @Nullable String jwksUrl,
    @Nullable String issuer,
    @Nullable String audience,
    @Nullable String adminApiKey,
    @Nullable String serviceHost,
    boolean insecureDevOnNetwork,
    Duration jwtMaxLifetime) {

  /** The original service's default secret, which must never guard a real deployment. */
  static final String DEFAULT_SECRET_KEY = "dev-secret-key-change-in-production";

  /** How a request proves who it is when authentication is required. */
  enum Mode {
    /** An application API key and a user JWT, both required. */
    API_KEY_JWT,
    /** A JWT alone, naming the application in its {@code app_id} claim. */
    JWT_ONLY
  }

  static AuthSettings from(Environment env) {
    boolean required = Boolean.parseBoolean(env.getProperty("AUTH_REQUIRED", "false").trim());
    String modeText = env.getProperty("AUTH_MODE", "api_key_jwt").trim().toLowerCase(Locale.ROOT);
    Mode mode =
        switch (modeText) {
          case "api_key_jwt" -> Mode.API_KEY_JWT;
          case "jwt_only" -> Mode.JWT_ONLY;
          default ->
              throw new IllegalStateException(
                  "AUTH_MODE must be api_key_jwt or jwt_only, not '" + modeText + "'");
        };
    AuthSettings settings =
        new AuthSettings(
            required,
            mode,
            env.getProperty("API_KEY_HEADER", "X-API-Key"),
            env.getProperty("SECRET_KEY", DEFAULT_SECRET_KEY),
            blankToNull(env.getProperty("JWT_PUBLIC_KEY_URL")),
            blankToNull(env.getProperty("JWT_ISSUER")),
            blankToNull(env.getProperty("JWT_AUDIENCE")),
            blankToNull(env.getProperty("ADMIN_API_KEY")),
            blankToNull(env.getProperty("SERVICE_HOST")),
            Boolean.parseBoolean(env.getProperty("ALLOW_INSECURE_DEV_ON_NETWORK", "false").trim()),
            DurationStyle.detectAndParse(
                env.getProperty("JWT_MAX_LIFETIME", "24h").trim(), ChronoUnit.SECONDS));
    settings.check();
    return settings;
  }

  /**
   * The address the HTTP server binds: {@code SERVICE_HOST} when set; else loopback in dev mode
   * (one person on one machine) and every interface when authentication is required.
   */
  @Nullable String bindAddress() {
    if (serviceHost != null) {
      return serviceHost;
    }
    return required ? null : "127.0.0.1";
  }

  private void check() {
    if (jwtMaxLifetime.isNegative() || jwtMaxLifetime.isZero()) {
      throw new IllegalStateException("JWT_MAX_LIFETIME must be positive, not " + jwtMaxLifetime);
    }
    if (!required) {
      if (serviceHost != null && !isLoopback(serviceHost) && !insecureDevOnNetwork) {
        throw new IllegalStateException(
            "AUTH_REQUIRED=false lets any caller act as any user: refusing to listen on SERVICE_HOST="
                + serviceHost
                + " (not loopback). Set AUTH_REQUIRED=true, or ALLOW_INSECURE_DEV_ON_NETWORK=true if"
                + " you really mean it");
      }
      return;
    }
    if (jwksUrl != null) {
      if (issuer == null || audience == null) {
        throw new IllegalStateException(
            "JWT_PUBLIC_KEY_URL needs JWT_ISSUER and JWT_AUDIENCE: tokens signed by a shared identity"
                + " provider must be checked for who issued them and for whom; refusing to start");
      }
      return;
    }
    if (secretKey.isBlank() || DEFAULT_SECRET_KEY.equals(secretKey)) {
      throw new IllegalStateException(
          "AUTH_REQUIRED=true needs a SECRET_KEY of your own (or JWT_PUBLIC_KEY_URL for RS256);"
              + " refusing to start with the default");
    }
    if (secretKey.getBytes(StandardCharsets.UTF_8).length < 32) {
      throw new IllegalStateException(
          "SECRET_KEY must be at least 32 bytes for HS256; refusing to start");
    }
  }

  private static boolean isLoopback(String host) {
    String h = host.trim().toLowerCase(Locale.ROOT);
    if (h.startsWith("[") && h.endsWith("]")) {
      h = h.substring(1, h.length() - 1);
    }
    return h.equals("localhost")
        || h.equals("::1")
        || h.equals("0:0:0:0:0:0:0:1")
        || h.startsWith("127.");
  }

  private static @Nullable String blankToNull(@Nullable String value) {
    return value == null || value.isBlank() ? null : value.trim();
  }

  @Override
  public String toString() {
    return "AuthSettings[required="
        + required
        + ", mode="
        + mode
        + ", jwks="
        + jwksUrl
        + ", host="
        + bindAddress()
        + "]";
  }
}
