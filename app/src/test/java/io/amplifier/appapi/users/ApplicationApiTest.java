package io.amplifier.appapi.users;

import static io.amplifier.appapi.configs.ConfigApiTest.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.amplifier.appapi.ApiTest;
import io.amplifier.appapi.Http;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/** The application routes in dev mode, where the default caller is an admin. */
@ApiTest
class ApplicationApiTest {

  @LocalServerPort int port;
  @Autowired JdbcTemplate jdbc;
  Http admin;

  @BeforeEach
  void setUp() {
    admin = new Http(port);
  }

  static Map<String, Object> application(String id) {
    return Map.of("app_id", id, "app_name", "App " + id, "settings", Map.of("tier", "gold"));
  }

  /** Registers {@code appId} as {@code admin}; its key. */
  static String register(Http admin, String appId) {
    Http.Response created = admin.post("/applications", application(appId));
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    return created.json().get("api_key").asText();
  }

  /** Registers {@code appId} as {@code admin}, or gives it a new key when it exists; its key. */
  static String registerOrRekey(Http admin, String appId) {
    Http.Response created = admin.post("/applications", application(appId));
    if (created.status() == 409) {
      return admin
          .post("/applications/" + appId + "/regenerate-key", null)
          .json()
          .get("api_key")
          .asText();
    }
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    return created.json().get("api_key").asText();
  }

  @Test
  void shouldRegisterShowTheKeyOnceAndStoreOnlyItsHash() {
    Http.Response created = admin.post("/applications", application("cli-one"));

    assertThat(created.status()).isEqualTo(201);
    JsonNode body = created.json();
    String key = body.get("api_key").asText();
    assertThat(key).matches("^app_[A-Za-z0-9_-]{43}$");
    assertThat(body.get("app_id").asText()).isEqualTo("cli-one");
    assertThat(body.get("app_name").asText()).isEqualTo("App cli-one");
    assertThat(body.get("is_active").asBoolean()).isTrue();
    assertThat(body.hasNonNull("created_at")).isTrue();
    assertThat(body.get("message").asText()).isEqualTo("Application registered successfully");

    JsonNode read = admin.get("/applications/cli-one").json();
    assertThat(read.has("api_key")).isFalse();
    assertThat(read.get("settings").get("tier").asText()).isEqualTo("gold");
    assertThat(admin.get("/applications").body()).doesNotContain(key).contains("cli-one");

    Long leaks =
        jdbc.queryForObject(
            "SELECT (SELECT count(*) FROM domainevententry WHERE position(convert_to(?, 'UTF8') IN payload) > 0)"
                + " + (SELECT count(*) FROM application_view WHERE key_hash = ? OR app_name = ?)",
            Long.class,
            key,
            key,
            key);
    assertThat(leaks).isZero();
  }

  @Test
  void shouldRefuseADuplicateAppId() {
    admin.post("/applications", application("dup-app"));

    Http.Response again = admin.post("/applications", application("dup-app"));

    assertProblem(again, 409, "/problems/conflict");
    assertThat(again.json().get("detail").asText())
        .isEqualTo("Application 'dup-app' already exists");
  }

  @Test
  void shouldRefuseABadAppIdNamingTheField() {
    Http.Response response = admin.post("/applications", application("Bad_ID!"));

    assertProblem(response, 422, "/problems/validation-error");
    assertThat(response.json().get("errors").findValuesAsText("field")).containsExactly("app_id");
  }

  @Test
  void shouldListNewestFirstWithoutKeys() {
    admin.post("/applications", application("list-a"));
    admin.post("/applications", application("list-b"));

    JsonNode list = admin.get("/applications").json();

    assertThat(list.isArray()).isTrue();
    assertThat(list.findValuesAsText("app_id")).containsSubsequence("list-b", "list-a");
    assertThat(list.findValues("api_key")).isEmpty();
  }

  @Test
  void shouldRegenerateAKeyThatDiffersFromTheOld() {
    String first =
        admin.post("/applications", application("regen-app")).json().get("api_key").asText();

    Http.Response regenerated = admin.post("/applications/regen-app/regenerate-key", null);

    assertThat(regenerated.status()).isEqualTo(200);
    String second = regenerated.json().get("api_key").asText();
    assertThat(second).matches("^app_[A-Za-z0-9_-]{43}$").isNotEqualTo(first);
  }

  @Test
  void shouldDeleteThenAnswer404AndAllowTheIdAgain() {
    admin.post("/applications", application("gone-app"));

    Http.Response deleted = admin.delete("/applications/gone-app");

    assertThat(deleted.status()).isEqualTo(200);
    assertThat(deleted.json().get("message").asText())
        .isEqualTo("Application 'gone-app' deleted successfully");
    assertProblem(admin.get("/applications/gone-app"), 404, "/problems/not-found");
    assertProblem(admin.delete("/applications/gone-app"), 404, "/problems/not-found");
    assertThat(admin.post("/applications", application("gone-app")).status()).isEqualTo(201);
  }

  @Test
  void shouldAnswer404ForUnknownApplications() {
    for (Http.Response response :
        new Http.Response[] {
          admin.get("/applications/never-was"),
          admin.delete("/applications/never-was"),
          admin.post("/applications/never-was/regenerate-key", null)
        }) {
      assertProblem(response, 404, "/problems/not-found");
      assertThat(response.json().get("detail").asText()).isEqualTo("Application not found");
    }
  }

  @Test
  void shouldKeepApplicationRoutesFromOrdinaryUsers() {
    Http user = admin.with("X-User-ID", "plain-user");
    admin.post("/applications", application("guarded-app"));

    assertProblem(user.post("/applications", application("by-user")), 403, "/problems/forbidden");
    assertProblem(user.get("/applications"), 403, "/problems/forbidden");
    assertProblem(user.get("/applications/guarded-app"), 403, "/problems/forbidden");
    assertProblem(user.delete("/applications/guarded-app"), 403, "/problems/forbidden");
    assertProblem(
        user.post("/applications/guarded-app/regenerate-key", null), 403, "/problems/forbidden");
  }

  @Test
  void shouldRecordUsersOnFirstSight() throws InterruptedException {
    admin.with("X-User-ID", "first-timer").get("/configs/00000000-0000-0000-0000-000000000000");

    long deadline = System.currentTimeMillis() + 10_000;
    Long rows = 0L;
    while (System.currentTimeMillis() < deadline && rows == 0) {
      rows =
          jdbc.queryForObject(
              "SELECT count(*) FROM user_view WHERE user_id = 'first-timer' AND last_app_id = 'dev-app'",
              Long.class);
      Thread.sleep(20);
    }
    assertThat(rows).isEqualTo(1);
    assertThat(
            jdbc.queryForObject(
                "SELECT count(*) FROM domainevententry WHERE aggregateidentifier = 'user:first-timer'"
                    + " AND payloadtype LIKE '%UserFirstSeen%'",
                Long.class))
        .isEqualTo(1);
  }
}
