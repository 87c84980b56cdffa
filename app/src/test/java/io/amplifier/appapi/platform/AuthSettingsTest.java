package io.amplifier.appapi.platform;

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
            () -> AuthSettings.from(env.withProperty("SECRET_KEY", AuthSettings.DEFAULT_SECRET_KEY)))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void shouldRefuseAShortSecret() {
    MockEnvironment env =
        new MockEnvironment().withProperty("AUTH_REQUIRED", "true").withProperty("SECRET_KEY", "short");

    assertThatThrownBy(() -> AuthSettings.from(env)).hasMessageContaining("32 bytes");
  }

  @Test
  void shouldAcceptDevModeDefaultsAndJwksWithoutASecret() {
    assertThat(AuthSettings.from(new MockEnvironment()).required()).isFalse();
    assertThat(
            AuthSettings.from(
                    new MockEnvironment()
                        .withProperty("AUTH_REQUIRED", "true")
                        .withProperty("JWT_PUBLIC_KEY_URL", "http://127.0.0.1:1/jwks"))
                .jwksUrl())
        .isNotNull();
  }

  @Test
  void shouldRefuseAnUnknownMode() {
    assertThatThrownBy(() -> AuthSettings.from(new MockEnvironment().withProperty("AUTH_MODE", "magic")))
        .hasMessageContaining("AUTH_MODE");
  }
}
