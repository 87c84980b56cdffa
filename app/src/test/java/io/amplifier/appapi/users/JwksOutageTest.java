package io.amplifier.appapi.users;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static io.amplifier.appapi.configs.ConfigApiTest.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.amplifier.appapi.ApiTest;
import io.amplifier.appapi.Http;
import io.amplifier.appapi.TestDatabaseInitializer;
import io.amplifier.appapi.Tokens;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * An identity provider whose JWKS endpoint hangs: requests get a 503 problem with Retry-After
 * within the JWKS timeouts, and no thread waits on it for longer.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ContextConfiguration(initializers = TestDatabaseInitializer.class)
@org.springframework.test.annotation.DirtiesContext
class JwksOutageTest {

  static final WireMockServer HANGING =
      new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));

  static {
    HANGING.start();
    HANGING.stubFor(
        get(urlEqualTo("/jwks.json"))
            .willReturn(
                aResponse()
                    .withFixedDelay(15_000)
                    .withHeader("Content-Type", "application/json")
                    .withBody("{\"keys\":[]}")));
  }

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    registry.add("AUTH_REQUIRED", () -> "true");
    registry.add("TURN_PARKED_SWEEP_MILLIS", () -> "0");
    registry.add("AUTH_MODE", () -> "jwt_only");
    registry.add("CONFIG_ENCRYPTION_KEY", () -> ApiTest.MASTER_KEY);
    registry.add("JWT_PUBLIC_KEY_URL", () -> HANGING.baseUrl() + "/jwks.json");
    registry.add("JWT_ISSUER", () -> "https://idp.test");
    registry.add("JWT_AUDIENCE", () -> "amplifier");
  }

  @AfterAll
  static void stop() {
    HANGING.stop();
  }

  @LocalServerPort int port;

  @Test
  void shouldAnswer503WithinFiveSecondsWhenTheIdentityProviderHangs() {
    String jwt =
        Tokens.rs256(
            JwksAuthenticationTest.SIGNING,
            Tokens.claims(
                "hung",
                Map.of("app_id", "any", "iss", "https://idp.test", "aud", List.of("amplifier"))));

    long started = System.nanoTime();
    Http.Response response = new Http(port).with("Authorization", "Bearer " + jwt).get("/configs");
    long millis = (System.nanoTime() - started) / 1_000_000;

    assertProblem(response, 503, "/problems/service-unavailable");
    assertThat(response.header("Retry-After")).isNotBlank();
    assertThat(millis)
        .as("a hanging identity provider must not hold the request")
        .isLessThan(5_000);
  }
}
