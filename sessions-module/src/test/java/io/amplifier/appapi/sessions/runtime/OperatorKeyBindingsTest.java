package io.amplifier.appapi.sessions.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.mock.env.MockEnvironment;

/**
 * {@code PROVIDER_ENV_ALLOWLIST} bindings ({@code NAME@host|…}, a bare known name bound to its
 * provider's official host, a bare unknown name to none) and the last check of {@link
 * ProviderHttp}: a request carrying an operator key leaves only toward a host the key is bound to.
 */
class OperatorKeyBindingsTest {

  private final HikariDataSource database = new HikariDataSource();

  @AfterEach
  void close() {
    database.close();
  }

  private static ProviderSettings settings(String allowList) {
    MockEnvironment env =
        new MockEnvironment()
            .withProperty("PROVIDER_ENV_ALLOWLIST", allowList)
            .withProperty("OPENAI_API_KEY", "sk-openai-canary-1")
            .withProperty("GATEWAY_KEY", "gw-canary-key-2")
            .withProperty("LOCAL_KEY", "local-canary-3");
    return ProviderSettings.from(env, Duration.ofSeconds(5));
  }

  @Test
  void shouldBindKnownNamesToTheirOfficialHostsAndUnknownBareNamesToNone() {
    ProviderSettings settings =
        settings(
            "OPENAI_API_KEY,ANTHROPIC_API_KEY,AZURE_OPENAI_API_KEY,MODEL_NAME,"
                + "GATEWAY_KEY@gw.example.com|*.corp.example, LOCAL_KEY@127.0.0.1|[::1]");

    assertThat(settings.binds("OPENAI_API_KEY", "api.openai.com")).isTrue();
    assertThat(settings.binds("OPENAI_API_KEY", "API.OpenAI.com.")).isTrue();
    assertThat(settings.binds("OPENAI_API_KEY", "api.openai.com.evil.example")).isFalse();
    assertThat(settings.binds("OPENAI_API_KEY", "127.0.0.1")).isFalse();
    assertThat(settings.binds("ANTHROPIC_API_KEY", "api.anthropic.com")).isTrue();
    assertThat(settings.binds("AZURE_OPENAI_API_KEY", "myres.openai.azure.com")).isTrue();
    assertThat(settings.binds("AZURE_OPENAI_API_KEY", "openai.azure.com")).isFalse();
    assertThat(settings.binds("AZURE_OPENAI_API_KEY", "evilopenai.azure.com")).isFalse();
    assertThat(settings.bindings().get("MODEL_NAME")).isEmpty();
    assertThat(settings.binds("MODEL_NAME", "localhost")).isFalse();
    assertThat(settings.binds("GATEWAY_KEY", "gw.example.com")).isTrue();
    assertThat(settings.binds("GATEWAY_KEY", "a.b.corp.example")).isTrue();
    assertThat(settings.binds("GATEWAY_KEY", "corp.example")).isFalse();
    assertThat(settings.binds("LOCAL_KEY", "127.0.0.1")).isTrue();
    assertThat(settings.binds("LOCAL_KEY", "0:0:0:0:0:0:0:1")).isTrue();
    assertThat(settings.binds("LOCAL_KEY", "localhost")).isFalse();
    assertThat(settings.envAllowList())
        .containsExactlyInAnyOrder(
            "OPENAI_API_KEY",
            "ANTHROPIC_API_KEY",
            "AZURE_OPENAI_API_KEY",
            "MODEL_NAME",
            "GATEWAY_KEY",
            "LOCAL_KEY");
    assertThat(settings.toString()).doesNotContain("canary");
  }

  @Test
  void shouldRefuseAMalformedBindingAtStartUp() {
    assertThatThrownBy(() -> settings("GATEWAY_KEY@http://gw.example.com/v1"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("PROVIDER_ENV_ALLOWLIST");
  }

  @Test
  void shouldRefuseARequestCarryingAKeyToAHostItIsNotBoundToBeforeItIsSent() {
    ProviderSettings settings = settings("OPENAI_API_KEY,LOCAL_KEY@127.0.0.1");
    database.setJdbcUrl("jdbc:postgresql://10.9.8.7:6543/amplifier");
    ProviderHttp http =
        new ProviderHttp(
            settings,
            host -> List.of(InetAddress.getLoopbackAddress()),
            new OutboundPolicy(settings, database));
    HttpHeaders bearer = new HttpHeaders();
    bearer.setBearerAuth("sk-openai-canary-1");
    HttpHeaders local = new HttpHeaders();
    local.set("X-Key", "local-canary-3");

    assertThat(http.keyRefusal(URI.create("https://api.openai.com/v1/chat"), bearer)).isEmpty();
    assertThat(http.keyRefusal(URI.create("http://127.0.0.1:9/v1/chat"), bearer))
        .contains("a host that ${OPENAI_API_KEY} is not bound to");
    assertThat(http.keyRefusal(URI.create("http://127.0.0.1:9/mcp"), local)).isEmpty();
    assertThat(http.keyRefusal(URI.create("http://localhost:9/mcp"), local)).isPresent();
    assertThat(
            http.keyRefusal(
                URI.create("http://collector.example/x?k=sk-openai-canary-1"), new HttpHeaders()))
        .isPresent();
    assertThat(http.keyRefusal(URI.create("http://collector.example/x"), new HttpHeaders()))
        .isEmpty();
  }
}
