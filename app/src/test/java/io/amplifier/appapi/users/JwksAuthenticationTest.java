package io.amplifier.appapi.users;

import static io.amplifier.appapi.users.AuthenticationTest.assert401;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.nimbusds.jose.jwk.RSAKey;
import io.amplifier.appapi.Http;
import io.amplifier.appapi.TestDatabaseInitializer;
import io.amplifier.appapi.Tokens;
import io.amplifier.appapi.configs.ConfigApiTest;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * {@code AUTH_MODE=jwt_only} with RS256 keys from a JWKS endpoint served by a real local HTTP stub:
 * the token alone authenticates, naming its application in the {@code app_id} claim.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ContextConfiguration(initializers = TestDatabaseInitializer.class)
@org.springframework.test.annotation.DirtiesContext
class JwksAuthenticationTest {

  static final String ADMIN_KEY = "jwks-admin-bootstrap-key-0123456789";
  static final String ISSUER = "https://idp.test";
  static final String AUDIENCE = "amplifier-jwks";
  static final RSAKey SIGNING = rsa("key-1");
  static final RSAKey STRANGER = rsa("key-1");
  static final WireMockServer JWKS = Tokens.jwks("/.well-known/jwks.json", SIGNING);

  @DynamicPropertySource
  static void authProperties(DynamicPropertyRegistry registry) {
    registry.add("AUTH_REQUIRED", () -> "true");
    registry.add("TURN_PARKED_SWEEP_MILLIS", () -> "0");
    registry.add("AUTH_MODE", () -> "jwt_only");
    registry.add("CONFIG_ENCRYPTION_KEY", () -> io.amplifier.appapi.ApiTest.MASTER_KEY);
    registry.add("ADMIN_API_KEY", () -> ADMIN_KEY);
    registry.add("JWT_PUBLIC_KEY_URL", () -> JWKS.baseUrl() + "/.well-known/jwks.json");
    registry.add("JWT_ISSUER", () -> ISSUER);
    registry.add("JWT_AUDIENCE", () -> AUDIENCE);
  }

  @AfterAll
  static void stopStub() {
    JWKS.stop();
  }

  @LocalServerPort int port;

  static RSAKey rsa(String id) {
    return Tokens.rsa(id);
  }

  static com.nimbusds.jwt.JWTClaimsSet claims(String subject, Map<String, Object> extra) {
    Map<String, Object> all = new java.util.HashMap<>(extra);
    all.put("iss", ISSUER);
    all.put("aud", java.util.List.of(AUDIENCE));
    return Tokens.claims(subject, all);
  }

  Http bearer(String jwt) {
    return new Http(port).with("Authorization", "Bearer " + jwt);
  }

  @Test
  void shouldAuthenticateWithATokenAloneNamingItsApplication() {
    Http admin = new Http(port).with("X-API-Key", ADMIN_KEY);
    assertThat(admin.post("/applications", ApplicationApiTest.application("jwks-app")).status())
        .isIn(201, 409);

    Http bob = bearer(Tokens.rs256(SIGNING, claims("bob", Map.of("app_id", "jwks-app"))));
    Http.Response created = bob.post("/configs", ConfigApiTest.config("bobs"));

    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    assertThat(created.json().get("user_id").asText()).isEqualTo("bob");
    String id = created.json().get("config_id").asText();
    assertThat(
            bob.get("/configs/" + id + "/history")
                .json()
                .get("events")
                .get(0)
                .get("app_id")
                .asText())
        .isEqualTo("jwks-app");
    assertThat(JWKS.getAllServeEvents()).isNotEmpty();
  }

  @Test
  void shouldNameEachReasonForRefusal() {
    assert401(new Http(port).get("/configs/x"), "Missing bearer token");
    assert401(bearer(Tokens.rs256(SIGNING, claims("bob", Map.of()))).get("/configs/x"), "app_id");
    assert401(
        bearer(Tokens.rs256(SIGNING, claims("bob", Map.of("app_id", "no-such-app"))))
            .get("/configs/x"),
        "Unknown application");
    assert401(
        bearer(Tokens.rs256(STRANGER, claims("bob", Map.of("app_id", "jwks-app"))))
            .get("/configs/x"),
        "Invalid token");
    assert401(
        bearer(
                Tokens.hs256(
                    "some-hmac-secret-that-is-32-bytes-long!",
                    claims("bob", Map.of("app_id", "jwks-app"))))
            .get("/configs/x"),
        "Invalid token");
  }
}
