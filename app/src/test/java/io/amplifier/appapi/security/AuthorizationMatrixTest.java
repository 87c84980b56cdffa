package io.amplifier.appapi.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.amplifier.appapi.Http;
import io.amplifier.appapi.Tokens;
import io.amplifier.appapi.users.AuthRequiredTest;
import io.amplifier.appapi.users.AuthTest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every route × every kind of caller, with authentication on: anonymous, expired token, deleted
 * application, stranger, admin, viewer, editor and owner. Each route gets fresh resources, and the
 * callers act in that order, so the owner's changes (a delete) come last. Not-yours is 404 (as if
 * absent), a participant without the right is 403, not-an-admin is 403, and no caller ever gets a
 * 5xx.
 */
@AuthTest
class AuthorizationMatrixTest extends AuthRequiredTest {

  enum Who {
    ANONYMOUS,
    EXPIRED_TOKEN,
    DELETED_APPLICATION,
    STRANGER,
    ADMIN,
    VIEWER,
    EDITOR,
    OWNER
  }

  /** The ids one route's case acts on. */
  record Fixture(String config, String session, String recipe, String app) {}

  /** One route: how to call it on a fixture, and what each kind of caller gets. */
  record Route(
      String method,
      Function<Fixture, String> path,
      Object body,
      Map<Who, Set<Integer>> expected) {}

  String key;
  String deletedAppKey;
  String ownerId;

  @BeforeEach
  void setUp() {
    String suffix = UUID.randomUUID().toString().substring(0, 8);
    key = register("matrix-" + suffix);
    deletedAppKey = register("matrix-gone-" + suffix);
    assertThat(admin.delete("/applications/matrix-gone-" + suffix).status()).isEqualTo(200);
    ownerId = "matrix-owner-" + suffix;
  }

  String register(String appId) {
    Http.Response created =
        admin.post("/applications", Map.of("app_id", appId, "app_name", "Matrix " + appId));
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    return created.json().get("api_key").asText();
  }

  static String token(String subject) {
    Map<String, Object> claims = new HashMap<>();
    claims.put("iss", AuthTest.ISSUER);
    claims.put("aud", List.of(AuthTest.AUDIENCE));
    return Tokens.hs256(AuthTest.SECRET, Tokens.claims(subject, claims));
  }

  static String expiredToken(String subject) {
    Map<String, Object> claims = new HashMap<>();
    claims.put("iss", AuthTest.ISSUER);
    claims.put("aud", List.of(AuthTest.AUDIENCE));
    claims.put("iat", Date.from(Instant.now().minusSeconds(7200)));
    claims.put("exp", Date.from(Instant.now().minusSeconds(3600)));
    return Tokens.hs256(AuthTest.SECRET, Tokens.claims(subject, claims));
  }

  Http as(Who who) {
    return switch (who) {
      case ANONYMOUS -> anonymous;
      case EXPIRED_TOKEN -> user(key, expiredToken(ownerId));
      case DELETED_APPLICATION -> user(deletedAppKey, token(ownerId));
      case STRANGER -> user(key, token(ownerId + "-stranger"));
      case ADMIN -> admin;
      case VIEWER -> user(key, token(ownerId + "-viewer"));
      case EDITOR -> user(key, token(ownerId + "-editor"));
      case OWNER -> user(key, token(ownerId));
    };
  }

  Http user(String apiKey, String jwt) {
    return anonymous.with("X-API-Key", apiKey).with("Authorization", "Bearer " + jwt);
  }

  Fixture fixture() {
    Http owner = as(Who.OWNER);
    Map<String, Object> data =
        Map.of(
            "bundle", Map.of("name", "m"), "providers", List.of(Map.of("module", "provider-echo")));
    Http.Response config = owner.post("/configs", Map.of("name", "matrix", "config_data", data));
    assertThat(config.status()).as(config.toString()).isEqualTo(201);
    String configId = config.json().get("config_id").asText();
    Http.Response session = owner.post("/sessions", Map.of("config_id", configId));
    assertThat(session.status()).as(session.toString()).isEqualTo(201);
    String sessionId = session.json().get("session_id").asText();
    assertThat(
            owner.post("/sessions/" + sessionId + "/messages", Map.of("message", "hello")).status())
        .isEqualTo(200);
    for (String role : new String[] {"viewer", "editor"}) {
      assertThat(
              owner
                  .post(
                      "/sessions/" + sessionId + "/participants",
                      Map.of("user_id", ownerId + "-" + role, "role", role))
                  .status())
          .isEqualTo(201);
    }
    Http.Response recipe = owner.post("/api/recipes/", Map.of("recipe_data", recipeData()));
    assertThat(recipe.status()).as(recipe.toString()).isEqualTo(201);
    String appId = "matrix-target-" + UUID.randomUUID().toString().substring(0, 8);
    register(appId);
    return new Fixture(configId, sessionId, recipe.json().get("recipe_id").asText(), appId);
  }

  static Map<String, Object> recipeData() {
    return Map.of(
        "name",
        "matrix-" + UUID.randomUUID(),
        "version",
        "1.0.0",
        "description",
        "matrix",
        "steps",
        List.of(Map.of("id", "s1", "type", "agent", "agent", "a", "prompt", "p")));
  }

  static Map<Who, Set<Integer>> expect(int stranger, int admin, int viewer, int editor, int owner) {
    Map<Who, Set<Integer>> expected = new LinkedHashMap<>();
    expected.put(Who.ANONYMOUS, Set.of(401));
    expected.put(Who.EXPIRED_TOKEN, Set.of(401));
    expected.put(Who.DELETED_APPLICATION, Set.of(401));
    expected.put(Who.STRANGER, Set.of(stranger));
    expected.put(Who.ADMIN, Set.of(admin));
    expected.put(Who.VIEWER, Set.of(viewer));
    expected.put(Who.EDITOR, Set.of(editor));
    expected.put(Who.OWNER, Set.of(owner));
    return expected;
  }

  /** Routes only the owner of a config or recipe may use: everyone else is told "not found". */
  static Map<Who, Set<Integer>> ownerOnly(int owner) {
    return expect(404, 404, 404, 404, owner);
  }

  static Map<Who, Set<Integer>> adminOnly(int admin) {
    return expect(403, admin, 403, 403, 403);
  }

  static Map<Who, Set<Integer>> anyone(int status) {
    return expect(status, status, status, status, status);
  }

  List<Route> routes() {
    Map<String, Object> newApp =
        Map.of(
            "app_id",
            "matrix-new-" + UUID.randomUUID().toString().substring(0, 8),
            "app_name",
            "n");
    List<Route> routes = new ArrayList<>();
    routes.add(new Route("GET", f -> "/configs", null, anyone(200)));
    routes.add(
        new Route(
            "POST",
            f -> "/configs",
            Map.of("name", "n", "config_data", Map.of("bundle", Map.of("name", "n"))),
            anyone(201)));
    routes.add(new Route("GET", f -> "/configs/" + f.config(), null, ownerOnly(200)));
    routes.add(
        new Route("GET", f -> "/configs/" + f.config() + "?decrypt=true", null, ownerOnly(200)));
    routes.add(
        new Route("GET", f -> "/configs/" + f.config() + "?version=1", null, ownerOnly(200)));
    routes.add(new Route("GET", f -> "/configs/" + f.config() + "/history", null, ownerOnly(200)));
    routes.add(
        new Route("PUT", f -> "/configs/" + f.config(), Map.of("name", "renamed"), ownerOnly(200)));
    routes.add(new Route("DELETE", f -> "/configs/" + f.config(), null, ownerOnly(200)));
    routes.add(new Route("GET", f -> "/api/recipes/", null, anyone(200)));
    routes.add(new Route("GET", f -> "/api/recipes/" + f.recipe(), null, ownerOnly(200)));
    routes.add(
        new Route(
            "PUT",
            f -> "/api/recipes/" + f.recipe(),
            Map.of("recipe_data", recipeData()),
            ownerOnly(200)));
    routes.add(new Route("DELETE", f -> "/api/recipes/" + f.recipe(), null, ownerOnly(204)));
    routes.add(new Route("GET", f -> "/sessions", null, anyone(200)));
    routes.add(
        new Route(
            "POST",
            f -> "/sessions",
            Map.of("config_id", "00000000-0000-0000-0000-000000000000"),
            anyone(404)));
    routes.add(
        new Route("GET", f -> "/sessions/" + f.session(), null, expect(404, 404, 200, 200, 200)));
    routes.add(
        new Route(
            "GET",
            f -> "/sessions/" + f.session() + "/messages",
            null,
            expect(404, 404, 200, 200, 200)));
    routes.add(
        new Route(
            "GET",
            f -> "/sessions/" + f.session() + "/participants",
            null,
            expect(404, 404, 200, 200, 200)));
    routes.add(
        new Route(
            "POST",
            f -> "/sessions/" + f.session() + "/messages",
            Map.of("message", "hi"),
            expect(404, 404, 403, 200, 200)));
    routes.add(
        new Route(
            "POST",
            f -> "/sessions/" + f.session() + "/stream",
            Map.of("message", "hi"),
            expect(404, 404, 403, 200, 200)));
    routes.add(
        new Route(
            "POST",
            f -> "/sessions/" + f.session() + "/cancel",
            null,
            expect(404, 404, 403, 404, 404)));
    routes.add(
        new Route(
            "POST",
            f -> "/sessions/" + f.session() + "/fork",
            Map.of(),
            expect(404, 404, 201, 201, 201)));
    routes.add(
        new Route(
            "POST",
            f -> "/sessions/" + f.session() + "/complete",
            null,
            expect(404, 404, 403, 403, 200)));
    routes.add(
        new Route(
            "POST",
            f -> "/sessions/" + f.session() + "/resume",
            null,
            expect(404, 404, 403, 403, 200)));
    routes.add(
        new Route(
            "POST",
            f -> "/sessions/" + f.session() + "/participants",
            Map.of("user_id", "someone-else", "role", "viewer"),
            expect(404, 404, 403, 403, 201)));
    routes.add(
        new Route(
            "PATCH",
            f -> "/sessions/" + f.session() + "/participants/" + ownerId + "-viewer",
            Map.of("role", "editor"),
            expect(404, 404, 403, 403, 200)));
    routes.add(
        new Route(
            "DELETE",
            f -> "/sessions/" + f.session() + "/participants/" + ownerId + "-viewer",
            null,
            expect(404, 404, 403, 403, 200)));
    routes.add(
        new Route(
            "DELETE", f -> "/sessions/" + f.session(), null, expect(404, 404, 403, 403, 200)));
    // webhooks (ADR 27): an event never emitted, so no delivery leaves this machine
    Map<String, Object> hook =
        Map.of("url", "https://hooks.example.com/in", "events", List.of("recipe_run.completed"));
    routes.add(new Route("GET", f -> "/webhooks", null, anyone(200)));
    routes.add(new Route("POST", f -> "/webhooks", hook, anyone(201)));
    Map<String, Object> appHook = new LinkedHashMap<>(hook);
    appHook.put("app_id", "matrix-hooked");
    routes.add(new Route("POST", f -> "/webhooks", appHook, expect(403, 201, 403, 403, 403)));
    routes.add(new Route("GET", f -> "/webhooks/" + UUID.randomUUID(), null, anyone(404)));
    routes.add(new Route("GET", f -> "/applications", null, adminOnly(200)));
    routes.add(new Route("POST", f -> "/applications", newApp, adminOnly(201)));
    routes.add(new Route("GET", f -> "/applications/" + f.app(), null, adminOnly(200)));
    routes.add(
        new Route(
            "POST", f -> "/applications/" + f.app() + "/regenerate-key", null, adminOnly(200)));
    routes.add(new Route("DELETE", f -> "/applications/" + f.app(), null, adminOnly(200)));
    routes.add(new Route("GET", f -> "/admin/projections", null, adminOnly(200)));
    routes.add(new Route("GET", f -> "/admin/projections/config-view", null, adminOnly(200)));
    routes.add(new Route("POST", f -> "/admin/keys/rotate", null, adminOnly(200)));
    routes.add(new Route("GET", f -> "/smoke-tests/quick", null, anyone(200)));
    routes.add(new Route("GET", f -> "/smoke-tests", null, adminOnly(200)));
    routes.add(new Route("GET", f -> "/actuator/metrics", null, adminOnly(200)));
    Map<Who, Set<Integer>> probes = new LinkedHashMap<>();
    for (Who who : Who.values()) {
      probes.put(who, Set.of(200));
    }
    routes.add(new Route("GET", f -> "/actuator/health/readiness", null, probes));
    return routes;
  }

  @Test
  void shouldGiveEveryKindOfCallerExactlyItsRightsOnEveryRoute() {
    List<String> wrong = new ArrayList<>();
    int checked = 0;
    for (Route route : routes()) {
      Fixture fixture = fixture();
      String path = route.path().apply(fixture);
      for (Map.Entry<Who, Set<Integer>> expected : route.expected().entrySet()) {
        Http.Response response = as(expected.getKey()).send(route.method(), path, route.body());
        checked++;
        if (!expected.getValue().contains(response.status())) {
          wrong.add(
              route.method()
                  + " "
                  + path
                  + " as "
                  + expected.getKey()
                  + ": expected "
                  + expected.getValue()
                  + ", got "
                  + response.status()
                  + " "
                  + abbreviate(response.body()));
        }
        if (response.status() >= 400) {
          assertThat(response.header("Content-Type"))
              .as(route.method() + " " + path + " as " + expected.getKey())
              .startsWith("application/problem+json");
        }
      }
    }
    assertThat(wrong).as("routes × callers checked: " + checked).isEmpty();
    assertThat(checked).isGreaterThanOrEqualTo(38 * 8);
  }

  private static String abbreviate(String body) {
    return body == null ? "" : body.length() > 200 ? body.substring(0, 200) + "…" : body;
  }
}
