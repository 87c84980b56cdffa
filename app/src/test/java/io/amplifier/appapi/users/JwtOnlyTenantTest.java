package io.amplifier.appapi.users;

import static io.amplifier.appapi.users.AuthenticationTest.assert401;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.jwk.RSAKey;
import io.amplifier.appapi.Http;
import io.amplifier.appapi.Tokens;
import io.amplifier.appapi.configs.ConfigApiTest;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.TestPropertySource;

/**
 * {@code AUTH_MODE=jwt_only} with HS256: every application holds {@code SECRET_KEY}, so a token
 * names its application itself. It may not name an admin one unless an operator's key signed it,
 * and the same {@code sub} through two applications is two users.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ContextConfiguration(initializers = io.amplifier.appapi.TestDatabaseInitializer.class)
@TestPropertySource(
    properties = {
      "AUTH_REQUIRED=true",
      "TURN_PARKED_SWEEP_MILLIS=0",
      "AUTH_MODE=jwt_only",
      "CONFIG_ENCRYPTION_KEY=" + io.amplifier.appapi.ApiTest.MASTER_KEY,
      "SECRET_KEY=" + JwtOnlyTenantTest.SECRET,
      "ADMIN_API_KEY=" + JwtOnlyTenantTest.ADMIN_KEY
    })
class JwtOnlyTenantTest {

  static final String SECRET = "jwt-only-secret-key-that-is-32-bytes-or-more";
  static final String ADMIN_KEY = "jwt-only-admin-bootstrap-key-0123456789";
  static final RSAKey OPERATOR = TenantBoundaryTest.rsa("operator-1");

  @LocalServerPort int port;

  Http admin() {
    return new Http(port).with("X-API-Key", ADMIN_KEY);
  }

  String register(String prefix, boolean isAdmin, Map<String, Object> extra) {
    String id = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    Map<String, Object> body = new HashMap<>(ApplicationApiTest.application(id));
    body.put("is_admin", isAdmin);
    body.putAll(extra);
    Http.Response created = admin().post("/applications", body);
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    return id;
  }

  Http bearer(String jwt) {
    return new Http(port).with("Authorization", "Bearer " + jwt);
  }

  static String hs256(String sub, String appId) {
    return Tokens.hs256(SECRET, Tokens.claims(sub, Map.of("app_id", appId)));
  }

  @Test
  void shouldRefuseASecretKeyTokenThatNamesAnAdminApplication() {
    String adminApp = register("jo-admin", true, Map.of());

    // on old main: 200, any holder of SECRET_KEY could list (and register) applications
    assert401(bearer(hs256("mallory", adminApp)).get("/applications"), "admin application");
  }

  @Test
  void shouldAcceptAnAdminApplicationsTokenSignedByTheKeyAnAdminRegisteredForIt() {
    String adminApp =
        register("jo-ops", true, Map.of("public_key", TenantBoundaryTest.pem(OPERATOR)));

    Http.Response listed =
        bearer(Tokens.rs256(OPERATOR, Tokens.claims("ops", Map.of("app_id", adminApp))))
            .get("/applications");

    assertThat(listed.status()).as(listed.toString()).isEqualTo(200);
    assert401(bearer(hs256("ops", adminApp)).get("/applications"), "Invalid token");
  }

  @Test
  void shouldKeepTheSameSubThroughTwoApplicationsApart() {
    String first = register("jo-a", false, Map.of());
    String second = register("jo-b", false, Map.of());
    String sub = "alice-" + UUID.randomUUID();

    Http.Response created =
        bearer(hs256(sub, first)).post("/configs", ConfigApiTest.config("alices"));
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    String id = created.json().get("config_id").asText();

    assertThat(bearer(hs256(sub, second)).get("/configs/" + id).status()).isEqualTo(404);
    Http.Response own = bearer(hs256(sub, first)).get("/configs/" + id);
    assertThat(own.status()).isEqualTo(200);
    assertThat(own.json().get("user_id").asText()).isEqualTo(sub);
  }
}
