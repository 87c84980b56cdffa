package io.amplifier.appapi.platform.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

/** The service refuses to start with authentication on and a default or weak secret. */
class AuthSettingsTest {

  @Test
  void shouldRefuseTheDefaultSecretWhenAuthIsRequired() {
    MockEnvironment env = new MockEnvironment().withProperty("AUTH_REQUIRED", "true");

    assertThatThrownBy(() -> AuthSettings.from(env))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("SECRET_KEY");
    assertThatThrownBy(
            () ->
                AuthSettings.from(env.withProperty("SECRET_KEY", AuthSettings.DEFAULT_SECRET_KEY)))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void shouldRefuseAShortSecret() {
    MockEnvironment env =
        new MockEnvironment()
            .withProperty("AUTH_REQUIRED", "true")
            .withProperty("SECRET_KEY", "short");

    assertThatThrownBy(() -> AuthSettings.from(env)).hasMessageContaining("32 bytes");
  }

  @Test
  void shouldAcceptDevModeDefaultsAndJwksWithoutASecret() {
    assertThat(AuthSettings.from(new MockEnvironment()).required()).isFalse();
    assertThat(
            AuthSettings.from(
                    new MockEnvironment()
                        .withProperty("AUTH_REQUIRED", "true")
                        .withProperty("JWT_PUBLIC_KEY_URL", "http://127.0.0.1:1/jwks")
                        .withProperty("JWT_ISSUER", "https://idp.test")
                        .withProperty("JWT_AUDIENCE", "amplifier"))
                .jwksUrl())
        .isNotNull();
  }

  @Test
  void shouldRequireIssuerAndAudienceWithAJwksUrl() {
    MockEnvironment env =
        new MockEnvironment()
            .withProperty("AUTH_REQUIRED", "true")
            .withProperty("JWT_PUBLIC_KEY_URL", "http://127.0.0.1:1/jwks");
    assertThatThrownBy(() -> AuthSettings.from(env))
        .hasMessageContaining("JWT_ISSUER and JWT_AUDIENCE");
    assertThatThrownBy(() -> AuthSettings.from(env.withProperty("JWT_ISSUER", "https://idp.test")))
        .hasMessageContaining("JWT_AUDIENCE");
  }

  @Test
  void shouldListenOnLoopbackOnlyInDevMode() {
    assertThat(AuthSettings.from(new MockEnvironment()).bindAddress()).isEqualTo("127.0.0.1");
    assertThat(
            AuthSettings.from(new MockEnvironment().withProperty("SERVICE_HOST", "::1"))
                .bindAddress())
        .isEqualTo("::1");
    assertThatThrownBy(
            () -> AuthSettings.from(new MockEnvironment().withProperty("SERVICE_HOST", "0.0.0.0")))
        .hasMessageContaining("ALLOW_INSECURE_DEV_ON_NETWORK");
    assertThat(
            AuthSettings.from(
                    new MockEnvironment()
                        .withProperty("SERVICE_HOST", "0.0.0.0")
                        .withProperty("ALLOW_INSECURE_DEV_ON_NETWORK", "true"))
                .bindAddress())
        .isEqualTo("0.0.0.0");
    assertThat(
            AuthSettings.from(
                    new MockEnvironment()
                        .withProperty("AUTH_REQUIRED", "true")
                        .withProperty("SECRET_KEY", "a-secret-of-at-least-thirty-two-bytes"))
                .bindAddress())
        .isNull();
  }

  @Test
  void shouldRefuseAnUnknownMode() {
    assertThatThrownBy(
            () -> AuthSettings.from(new MockEnvironment().withProperty("AUTH_MODE", "magic")))
        .hasMessageContaining("AUTH_MODE");
  }
}
