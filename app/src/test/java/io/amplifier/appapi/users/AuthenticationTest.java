package io.amplifier.appapi.users;

import static io.amplifier.appapi.configs.ConfigApiTest.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jwt.JWTClaimsSet;
import io.amplifier.appapi.Http;
import io.amplifier.appapi.Tokens;
import io.amplifier.appapi.configs.ConfigApiTest;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * {@code AUTH_REQUIRED=true}, {@code api_key_jwt}, HS256: every 401 reason, key rotation, and the
 * authorization matrix for config and application routes.
 */
@AuthTest
@ExtendWith(OutputCaptureExtension.class)
class AuthenticationTest extends AuthRequiredTest {

  static final String SECRET = AuthTest.SECRET;

  String register(String appId) {
    return ApplicationApiTest.registerOrRekey(admin, appId);
  }

  static String token(String subject) {
    return Tokens.hs256(SECRET, Tokens.claims(subject, standard()));
  }

  static Map<String, Object> standard() {
    Map<String, Object> claims = new HashMap<>();
    claims.put("iss", AuthTest.ISSUER);
    claims.put("aud", List.of(AuthTest.AUDIENCE));
    return claims;
  }

  Http as(String key, String jwt) {
    return anonymous.with("X-API-Key", key).with("Authorization", "Bearer " + jwt);
  }

  static void assert401(Http.Response response, String detailContains) {
    assertProblem(response, 401, "/problems/unauthorized");
    assertThat(response.json().get("detail").asText()).contains(detailContains);
  }

  @Test
  void shouldLeavePublicRoutesOpen() {
    for (String path : new String[] {"/", "/health", "/version", "/openapi.json", "/redoc"}) {
      assertThat(anonymous.get(path).status()).as(path).isEqualTo(200);
    }
    assertThat(anonymous.get("/docs").status()).isIn(200, 302);
  }

  @Test
  void shouldNameEachReasonForRefusal() {
    String key = register("auth-reasons");
    assert401(anonymous.get("/configs/x"), "Missing API key");
    assert401(
        anonymous.with("X-API-Key", "app_" + "A".repeat(43)).get("/configs/x"), "Invalid API key");
    assert401(anonymous.with("X-API-Key", "garbage").get("/configs/x"), "Invalid API key");
    assert401(anonymous.with("X-API-Key", key).get("/configs/x"), "Missing bearer token");
    assert401(
        anonymous.with("X-API-Key", key).with("Authorization", "Basic abc").get("/configs/x"),
        "Invalid Authorization header");
    assert401(as(key, "not.a.jwt").get("/configs/x"), "Invalid token");
    assert401(as(key, "x".repeat(20_000)).get("/configs/x"), "Invalid token");
    assert401(
        as(
                key,
                Tokens.hs256(
                    "another-secret-that-is-long-enough-32b", Tokens.claims("u", standard())))
            .get("/configs/x"),
        "Invalid token");

    Map<String, Object> expired = standard();
    expired.put("iat", Date.from(Instant.now().minusSeconds(7200)));
    expired.put("exp", Date.from(Instant.now().minusSeconds(3600)));
    assert401(
        as(key, Tokens.hs256(SECRET, Tokens.claims("u", expired))).get("/configs/x"), "expired");

    Map<String, Object> wrongIssuer = standard();
    wrongIssuer.put("iss", "https://evil.example");
    assert401(
        as(key, Tokens.hs256(SECRET, Tokens.claims("u", wrongIssuer))).get("/configs/x"), "issuer");

    Map<String, Object> wrongAudience = standard();
    wrongAudience.put("aud", List.of("someone-else"));
    assert401(
        as(key, Tokens.hs256(SECRET, Tokens.claims("u", wrongAudience))).get("/configs/x"),
        "audience");

    assert401(
        as(key, Tokens.hs256(SECRET, Tokens.claims(null, standard()))).get("/configs/x"), "sub");
  }

  @Test
  void shouldRequireAnExpiryInEveryToken() {
    String key = register("auth-exp");
    JWTClaimsSet noExpiry =
        new JWTClaimsSet.Builder()
            .subject("forever")
            .issueTime(new Date())
            .issuer(AuthTest.ISSUER)
            .audience(AuthTest.AUDIENCE)
            .build();

    assert401(as(key, Tokens.hs256(SECRET, noExpiry)).get("/configs"), "Invalid token");
    assertThat(as(key, token("forever")).get("/configs").status()).isEqualTo(200);
  }

  @Test
  void shouldRefuseATokenThatLivesLongerThanTheMaximumLifetime() {
    String key = register("auth-lifetime");
    JWTClaimsSet year9999 =
        new JWTClaimsSet.Builder()
            .subject("forever")
            .issueTime(new Date())
            .expirationTime(Date.from(Instant.parse("9999-12-31T23:59:59Z")))
            .issuer(AuthTest.ISSUER)
            .audience(AuthTest.AUDIENCE)
            .build();
    JWTClaimsSet noIssuedAt =
        new JWTClaimsSet.Builder()
            .subject("forever")
            .expirationTime(Date.from(Instant.now().plus(Duration.ofDays(2))))
            .issuer(AuthTest.ISSUER)
            .audience(AuthTest.AUDIENCE)
            .build();

    assert401(as(key, Tokens.hs256(SECRET, year9999)).get("/configs"), "JWT_MAX_LIFETIME");
    assert401(as(key, Tokens.hs256(SECRET, noIssuedAt)).get("/configs"), "JWT_MAX_LIFETIME");
    assertThat(as(key, token("forever")).get("/configs").status()).isEqualTo(200);
  }

  @Test
  void shouldKeepTheAdminKeysPrincipalApartFromEveryUser() {
    String key = register("auth-namespaces");
    Http.Response adminsConfig = admin.post("/configs", ConfigApiTest.config("admins-own"));
    assertThat(adminsConfig.status()).as(adminsConfig.toString()).isEqualTo(201);
    String id = adminsConfig.json().get("config_id").asText();
    assertThat(adminsConfig.json().get("user_id").asText()).isEqualTo("#admin");

    for (String impostor : new String[] {"admin", "#admin", "#system", "dev-user"}) {
      Http.Response read = as(key, token(impostor)).get("/configs/" + id);
      assertThat(read.status()).as(impostor + ": " + read).isIn(401, 404);
    }
    assert401(as(key, token("#admin")).get("/configs"), "reserved");
    assert401(as(key, token("#system")).get("/configs"), "reserved");
    assertThat(
            as(key, token("admin"))
                .get("/configs")
                .json()
                .get("configs")
                .findValuesAsText("config_id"))
        .doesNotContain(id);
    assertThat(admin.get("/configs/" + id).status()).isEqualTo(200);
  }

  @Test
  void shouldRefuseADeletedApplicationsKeyAsDisabled() {
    String key = register("auth-disabled");
    assertThat(admin.delete("/applications/auth-disabled").status()).isEqualTo(200);

    assert401(as(key, token("alice")).get("/configs/x"), "disabled");
  }

  @Test
  void shouldKillTheOldKeyAtOnceWhenRegenerated() {
    String old = register("auth-rotate");
    assertThat(as(old, token("alice")).post("/configs", ConfigApiTest.config("before")).status())
        .isEqualTo(201);

    String fresh =
        admin.post("/applications/auth-rotate/regenerate-key", null).json().get("api_key").asText();

    assert401(
        as(old, token("alice")).post("/configs", ConfigApiTest.config("old")), "Invalid API key");
    assertThat(as(fresh, token("alice")).post("/configs", ConfigApiTest.config("new")).status())
        .isEqualTo(201);
  }

  @Test
  void shouldActForTheTokensSubjectThroughTheKeysApplication() {
    String key = register("auth-acting");
    Http alice = as(key, token("alice"));

    Http.Response created = alice.post("/configs", ConfigApiTest.config("alices"));

    assertThat(created.status()).isEqualTo(201);
    assertThat(created.json().get("user_id").asText()).isEqualTo("alice");
    String id = created.json().get("config_id").asText();
    var event = alice.get("/configs/" + id + "/history").json().get("events").get(0);
    assertThat(event.get("user_id").asText()).isEqualTo("alice");
    assertThat(event.get("app_id").asText()).isEqualTo("auth-acting");
  }

  @Test
  void shouldEnforceOwnershipAndAdminRightsOnEveryRoute() {
    String key = register("auth-matrix");
    Http owner = as(key, token("owner-user"));
    Http other = as(key, token("other-user"));
    String id =
        owner.post("/configs", ConfigApiTest.config("owned")).json().get("config_id").asText();

    record Case(String route, Http.Response owner, Http.Response other, Http.Response admin) {}
    List<Case> configCases =
        List.of(
            new Case(
                "GET config",
                owner.get("/configs/" + id),
                other.get("/configs/" + id),
                admin.get("/configs/" + id)),
            new Case(
                "GET history",
                owner.get("/configs/" + id + "/history"),
                other.get("/configs/" + id + "/history"),
                admin.get("/configs/" + id + "/history")));
    for (Case c : configCases) {
      assertThat(c.owner().status()).as(c.route() + " owner").isEqualTo(200);
      assertThat(c.other().status()).as(c.route() + " other user").isEqualTo(404);
      assertThat(c.admin().status()).as(c.route() + " admin").isEqualTo(404);
    }
    for (String path :
        new String[] {"/configs/" + id + "?decrypt=true", "/configs/" + id + "?version=1"}) {
      assertThat(other.get(path).status()).as("other user " + path).isEqualTo(404);
      assertThat(admin.get(path).status()).as("admin " + path).isEqualTo(404);
      assertThat(owner.get(path).status()).as("owner " + path).isEqualTo(200);
    }
    assertThat(other.put("/configs/" + id, Map.of("name", "taken")).status()).isEqualTo(404);
    assertThat(admin.put("/configs/" + id, Map.of("name", "taken")).status()).isEqualTo(404);
    assertThat(owner.put("/configs/" + id, Map.of("name", "kept")).status()).isEqualTo(200);
    assertThat(other.delete("/configs/" + id).status()).isEqualTo(404);
    assertThat(admin.delete("/configs/" + id).status()).isEqualTo(404);
    assertThat(owner.get("/configs").json().get("configs").findValuesAsText("config_id"))
        .contains(id);
    assertThat(other.get("/configs").json().get("configs").findValuesAsText("config_id"))
        .doesNotContain(id);
    assertThat(owner.delete("/configs/" + id).status()).isEqualTo(200);

    assertThat(owner.post("/applications", ApplicationApiTest.application("by-owner")).status())
        .isEqualTo(403);
    assertThat(owner.get("/applications").status()).isEqualTo(403);
    assertThat(owner.get("/applications/auth-matrix").status()).isEqualTo(403);
    assertThat(owner.post("/applications/auth-matrix/regenerate-key", null).status())
        .isEqualTo(403);
    assertThat(owner.delete("/applications/auth-matrix").status()).isEqualTo(403);
    assertThat(owner.get("/admin/projections").status()).isEqualTo(403);
    assertThat(admin.get("/applications").status()).isEqualTo(200);
    assertThat(admin.get("/applications/auth-matrix").status()).isEqualTo(200);
    assertThat(admin.get("/admin/projections").status()).isEqualTo(200);
  }

  @Test
  void shouldNeverLogKeysOrTokens(CapturedOutput output) {
    String key = register("auth-logs");
    String jwt = token("log-user");
    as(key, jwt).post("/configs", ConfigApiTest.config("logged"));
    as(key + "x", jwt).get("/configs/x");
    as(key, jwt + "x").get("/configs/x");

    assertThat(output.getAll())
        .doesNotContain(key)
        .doesNotContain(jwt)
        .doesNotContain(AuthTest.ADMIN_KEY);
  }
}
