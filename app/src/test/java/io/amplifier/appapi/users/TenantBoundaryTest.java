package io.amplifier.appapi.users;

import static io.amplifier.appapi.users.AuthenticationTest.assert401;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.RSAKey;
import io.amplifier.appapi.Http;
import io.amplifier.appapi.Tokens;
import io.amplifier.appapi.configs.ConfigApiTest;
import io.amplifier.appapi.sessions.Turns;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 21 point 10: every application holds {@code SECRET_KEY}, so a user is its application plus
 * its {@code sub} (unless the operator links applications), and an application may register a
 * signing key of its own that then alone speaks for its users.
 */
@AuthTest
class TenantBoundaryTest extends AuthRequiredTest {

  static final RSAKey OWN_KEY = rsa("own-1");
  static final RSAKey JWKS_KEY = rsa("jwks-1");
  static final WireMockServer JWKS = Tokens.jwks("/jwks.json", JWKS_KEY);

  @AfterAll
  static void stopStub() {
    JWKS.stop();
  }

  static RSAKey rsa(String id) {
    return Tokens.rsa(id);
  }

  static String pem(RSAKey key) {
    try {
      return "-----BEGIN PUBLIC KEY-----\n"
          + Base64.getMimeEncoder(64, "\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
              .encodeToString(key.toRSAPublicKey().getEncoded())
          + "\n-----END PUBLIC KEY-----\n";
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  String register(String appId, Map<String, Object> extra) {
    String id = appId + "-" + UUID.randomUUID().toString().substring(0, 8);
    Map<String, Object> body = new HashMap<>(ApplicationApiTest.application(id));
    body.putAll(extra);
    Http.Response created = admin.post("/applications", body);
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    return created.json().get("api_key").asText();
  }

  /** A fixed app id (for USER_SHARED_APPS), registered or re-keyed. */
  String registerFixed(String appId) {
    return ApplicationApiTest.registerOrRekey(admin, appId);
  }

  Http as(String key, String jwt) {
    return anonymous.with("X-API-Key", key).with("Authorization", "Bearer " + jwt);
  }

  static String hs256(String subject) {
    return AuthenticationTest.token(subject);
  }

  static String rs256(RSAKey key, String subject) {
    return Tokens.rs256(key, Tokens.claims(subject, Map.of()));
  }

  static List<String> ids(JsonNode list, String field) {
    List<String> ids = new ArrayList<>();
    JsonNode items = list.has("configs") ? list.get("configs") : list;
    items.forEach(item -> ids.add(item.get(field).asText()));
    return ids;
  }

  static Map<String, Object> echoConfig() {
    return Map.of(
        "name",
        "shared",
        "config_data",
        Turns.document("shared", "provider-echo", Map.of("api_key", "sk-echo")));
  }

  @Test
  void shouldKeepAUserOfOneApplicationApartFromTheSameSubThroughAnother() {
    String first = register("tenant-a", Map.of());
    String second = register("tenant-b", Map.of());
    String sub = "alice-" + UUID.randomUUID();
    Http aliceThroughA = as(first, hs256(sub));
    Http aliceThroughB = as(second, hs256(sub));

    Http.Response created = aliceThroughA.post("/configs", ConfigApiTest.config("alices"));
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    assertThat(created.json().get("user_id").asText()).isEqualTo(sub);
    String id = created.json().get("config_id").asText();

    // on old main: 200, the second application's token read alice's config
    assertThat(aliceThroughB.get("/configs/" + id).status()).isEqualTo(404);
    assertThat(aliceThroughB.put("/configs/" + id, ConfigApiTest.config("taken")).status())
        .isEqualTo(404);
    assertThat(aliceThroughB.delete("/configs/" + id).status()).isEqualTo(404);
    assertThat(ids(aliceThroughB.get("/configs").json(), "config_id")).doesNotContain(id);

    Http.Response own = aliceThroughA.get("/configs/" + id);
    assertThat(own.status()).isEqualTo(200);
    assertThat(own.json().get("user_id").asText()).isEqualTo(sub);
    assertThat(ids(aliceThroughA.get("/configs").json(), "config_id")).contains(id);
    JsonNode history = aliceThroughA.get("/configs/" + id + "/history").json().get("events");
    assertThat(history.get(0).get("user_id").asText()).isEqualTo(sub);
  }

  @Test
  void shouldShareASessionWithTheNamedUserOfTheOwnersApplicationOnly() {
    String first = register("share-a", Map.of());
    String second = register("share-b", Map.of());
    String owner = "owner-" + UUID.randomUUID();
    String bob = "bob-" + UUID.randomUUID();
    Http ownerThroughA = as(first, hs256(owner));
    String config = ownerThroughA.post("/configs", echoConfig()).json().get("config_id").asText();
    Http.Response started = ownerThroughA.post("/sessions", Map.of("config_id", config));
    assertThat(started.status()).as(started.toString()).isEqualTo(201);
    String session = started.json().get("session_id").asText();
    Http.Response shared =
        ownerThroughA.post(
            "/sessions/" + session + "/participants", Map.of("user_id", bob, "role", "viewer"));
    assertThat(shared.status()).as(shared.toString()).isEqualTo(201);
    assertThat(shared.json().get("user_id").asText()).isEqualTo(bob);

    assertThat(as(first, hs256(bob)).get("/sessions/" + session).status()).isEqualTo(200);
    assertThat(as(second, hs256(bob)).get("/sessions/" + session).status()).isEqualTo(404);
    JsonNode participants = ownerThroughA.get("/sessions/" + session + "/participants").json();
    assertThat(participants.toString()).contains("\"" + bob + "\"").doesNotContain("#");
    assertThat(ownerThroughA.get("/sessions/" + session).json().get("user_id").asText())
        .isEqualTo(owner);
  }

  @Test
  void shouldLetApplicationsTheOperatorLinkedShareTheirUsers() {
    String web = registerFixed("linked-web");
    String cli = registerFixed("linked-cli");
    String sub = "carol-" + UUID.randomUUID();

    String id =
        as(web, hs256(sub))
            .post("/configs", ConfigApiTest.config("carols"))
            .json()
            .get("config_id")
            .asText();

    Http.Response throughCli = as(cli, hs256(sub)).get("/configs/" + id);
    assertThat(throughCli.status()).as(throughCli.toString()).isEqualTo(200);
    assertThat(throughCli.json().get("user_id").asText()).isEqualTo(sub);
  }

  @Test
  void shouldCheckTheTokensOfAnApplicationWithAKeyOfItsOwnWithThatKeyAlone() {
    String own = register("own-key", Map.of("public_key", pem(OWN_KEY)));
    String plain = register("plain-key", Map.of());
    String sub = "dave-" + UUID.randomUUID();

    Http.Response signed = as(own, rs256(OWN_KEY, sub)).post("/configs", ConfigApiTest.config("d"));
    assertThat(signed.status()).as(signed.toString()).isEqualTo(201);
    assertThat(signed.json().get("user_id").asText()).isEqualTo(sub);

    // SECRET_KEY no longer speaks for this application's users
    assert401(as(own, hs256(sub)).get("/configs"), "Invalid token");
    // nor does this application's key speak for another application's users
    assert401(as(plain, rs256(OWN_KEY, sub)).get("/configs"), "Invalid token");
    assert401(as(own, rs256(rsa("own-1"), sub)).get("/configs"), "Invalid token");
  }

  @Test
  void shouldFetchAnApplicationsKeysFromTheJwksItRegistered() {
    String key = register("jwks-key", Map.of("jwks_url", JWKS.baseUrl() + "/jwks.json"));

    Http.Response listed = as(key, rs256(JWKS_KEY, "erin")).get("/configs");
    assertThat(listed.status()).as(listed.toString()).isEqualTo(200);
    assert401(as(key, hs256("erin")).get("/configs"), "Invalid token");
    assertThat(JWKS.getAllServeEvents()).isNotEmpty();
  }

  @Test
  void shouldRefuseASigningKeyThatIsNotOneNamingTheField() {
    Map<String, Map<String, Object>> bad = new java.util.LinkedHashMap<>();
    bad.put("jwks_url", Map.of("jwks_url", "http://idp.example/jwks.json"));
    bad.put("jwks_url ", Map.of("jwks_url", "https://10.0.0.7/jwks.json"));
    bad.put("jwks_url  ", Map.of("jwks_url", "https://169.254.169.254/jwks"));
    bad.put(
        "public_key",
        Map.of("public_key", "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----"));
    bad.put(
        "public_key ",
        Map.of("public_key", pem(OWN_KEY), "jwks_url", "https://idp.example/jwks.json"));
    bad.forEach(
        (field, extra) -> {
          Map<String, Object> body =
              new HashMap<>(
                  ApplicationApiTest.application(
                      "bad-key-" + UUID.randomUUID().toString().substring(0, 8)));
          body.putAll(extra);
          Http.Response refused = admin.post("/applications", body);
          ConfigApiTest.assertProblem(refused, 422, "/problems/validation-error");
          assertThat(refused.json().get("errors").get(0).get("field").asText())
              .isEqualTo(field.trim());
        });
  }
}
