package io.amplifier.appapi.users;

import static io.amplifier.appapi.configs.ConfigApiTest.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import io.amplifier.appapi.ApiTest;
import io.amplifier.appapi.Http;
import io.amplifier.appapi.RawHttp;
import io.amplifier.appapi.TestDatabaseInitializer;
import io.amplifier.appapi.Tokens;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.TestPropertySource;

/**
 * Throttled authentication failures (per key prefix and per client address, before any bcrypt) and
 * rate limits per user and application, each a 429 problem with {@code Retry-After}. Failures are
 * sent from their own loopback source addresses (127.0.0.x), so one test's throttle does not block
 * another's.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ContextConfiguration(initializers = TestDatabaseInitializer.class)
@TestPropertySource(
    properties = {
      "AUTH_REQUIRED=true",
      "TURN_PARKED_SWEEP_MILLIS=0",
      "CONFIG_ENCRYPTION_KEY=" + ApiTest.MASTER_KEY,
      "SECRET_KEY=" + AuthTest.SECRET,
      "ADMIN_API_KEY=" + AuthTest.ADMIN_KEY,
      "AUTH_FAILURES_PER_MINUTE=5",
      "AUTH_THROTTLE_LOOPBACK=true",
      "RATE_LIMIT_REQUESTS_PER_MINUTE=12",
      "RATE_LIMIT_APP_REQUESTS_PER_MINUTE=1000",
      "RATE_LIMIT_TURNS_PER_MINUTE=2"
    })
@org.springframework.test.annotation.DirtiesContext
class CallerLimitsTest {

  @LocalServerPort int port;
  Http admin;

  @BeforeEach
  void setUp() {
    admin = new Http(port).with("X-API-Key", AuthTest.ADMIN_KEY);
  }

  String register(String appId) {
    return ApplicationApiTest.register(admin, appId);
  }

  static String token(String subject) {
    return Tokens.hs256(AuthTest.SECRET, Tokens.claims(subject, Map.of()));
  }

  RawHttp.Answer getFrom(String source, String key, String jwt) {
    return RawHttp.get(
        source,
        port,
        "/configs",
        "X-API-Key: "
            + key
            + "\r\n"
            + (jwt == null ? "" : "Authorization: Bearer " + jwt + "\r\n"));
  }

  @Test
  void shouldThrottleRepeatedFailuresForOneKeyPrefixButNotItsRealKey() {
    String key = register("limits-prefix");
    assertThat(getFrom("127.0.0.1", key, token("prefix-user")).status()).isEqualTo(200);
    String sibling = key.substring(0, 12) + "x".repeat(key.length() - 12);

    for (int i = 0; i < 5; i++) {
      assertThat(getFrom("127.0.0." + (10 + i), sibling, token("guesser")).status()).isEqualTo(401);
    }
    RawHttp.Answer throttled = getFrom("127.0.0.20", sibling, token("guesser"));

    assertThat(throttled.status()).as(throttled.toString()).isEqualTo(429);
    assertThat(throttled.header("Content-Type")).startsWith("application/problem+json");
    assertThat(Long.parseLong(throttled.header("Retry-After"))).isBetween(1L, 60L);
    assertThat(getFrom("127.0.0.21", key, token("prefix-user")).status()).isEqualTo(200);
  }

  @Test
  void shouldThrottleAClientAddressThatKeepsFailing() {
    String key = register("limits-address");
    for (int i = 0; i < 5; i++) {
      String random = "app_" + Integer.toString(i) + "RandomGuessRandomGuessRandomGuessRandomGue";
      assertThat(getFrom("127.0.0.30", random, token("x")).status()).isEqualTo(401);
    }

    long started = System.nanoTime();
    RawHttp.Answer throttled = getFrom("127.0.0.30", key, token("alice"));
    long millis = (System.nanoTime() - started) / 1_000_000;

    assertThat(throttled.status()).as(throttled.toString()).isEqualTo(429);
    assertThat(millis)
        .as("a throttled caller waits for its answer (without holding a thread)")
        .isGreaterThanOrEqualTo(400);
    assertThat(throttled.header("Retry-After")).isNotBlank();
    assertThat(getFrom("127.0.0.31", key, token("alice")).status()).isEqualTo(200);
  }

  @Test
  void shouldLimitRequestsPerUser() {
    String key = register("limits-requests");
    Http alice =
        new Http(port)
            .with("X-API-Key", key)
            .with("Authorization", "Bearer " + token("alice-limited"));
    Http bob =
        new Http(port)
            .with("X-API-Key", key)
            .with("Authorization", "Bearer " + token("bob-limited"));

    int ok = 0;
    Http.Response last = null;
    long refusedAfter = 0;
    for (int i = 0; i < 13; i++) {
      long asked = System.nanoTime();
      last = alice.get("/configs");
      if (last.status() == 200) {
        ok++;
      } else {
        refusedAfter = System.nanoTime() - asked;
      }
    }

    assertThat(ok).isEqualTo(12);
    assertProblem(last, 429, "/problems/too-many-requests");
    assertThat(Long.parseLong(last.header("Retry-After"))).isBetween(1L, 60L);
    // a refusal is paced (REFUSAL_DELAY_MILLIS, 500 ms), so a closed loop of them costs little
    assertThat(java.time.Duration.ofNanos(refusedAfter))
        .isGreaterThanOrEqualTo(java.time.Duration.ofMillis(450));
    assertThat(bob.get("/configs").status()).isEqualTo(200);
  }

  @Test
  void shouldLimitTurnsPerUser() {
    String key = register("limits-turns");
    Http carol =
        new Http(port)
            .with("X-API-Key", key)
            .with("Authorization", "Bearer " + token("carol-turns"));
    Map<String, Object> echo =
        Map.of(
            "name",
            "echo",
            "config_data",
            Map.of(
                "bundle",
                Map.of("name", "b"),
                "providers",
                List.of(Map.of("module", "provider-echo"))));
    String config = carol.post("/configs", echo).json().get("config_id").asText();
    String session =
        carol.post("/sessions", Map.of("config_id", config)).json().get("session_id").asText();

    assertThat(carol.post("/sessions/" + session + "/messages", Map.of("message", "one")).status())
        .isEqualTo(200);
    assertThat(carol.post("/sessions/" + session + "/messages", Map.of("message", "two")).status())
        .isEqualTo(200);
    Http.Response third =
        carol.post("/sessions/" + session + "/messages", Map.of("message", "three"));

    assertProblem(third, 429, "/problems/too-many-requests");
    assertThat(third.json().get("detail").asText()).contains("RATE_LIMIT_TURNS_PER_MINUTE");
    assertThat(carol.get("/sessions/" + session).status()).isEqualTo(200);
  }
}
