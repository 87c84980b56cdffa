package io.amplifier.appapi.audit;

import static io.amplifier.appapi.configs.ConfigApiTest.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.amplifier.appapi.ApiTest;
import io.amplifier.appapi.Http;
import io.amplifier.appapi.OneUserTest;
import io.amplifier.appapi.configs.Recipes;
import io.amplifier.appapi.sessions.Turns;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The history routes of every kind of entity, over HTTP: the request's caller and id reach the
 * events, sealed secrets never reach the answer, and only the owner (applications: an admin) gets
 * one. What a history says (changes, secrets as changed, pages) is audit-module's {@code
 * EntityHistoryTest}.
 */
@ApiTest
class HistoryApiTest extends OneUserTest {

  Http stranger;

  @BeforeEach
  void setUp() {
    stranger = new Http(port).with("X-User-ID", "stranger-" + UUID.randomUUID());
  }

  static Map<String, Object> data(String name, String apiKey) {
    return Turns.document(name, "provider-echo", Map.of("model", "echo", "api_key", apiKey));
  }

  String config() {
    return Turns.configId(http, "h", data("h", "sk-one"));
  }

  @Test
  void shouldTellTheRequestAndHideTheSealedSecrets() {
    String id = config();
    http.with("X-Request-ID", "req-change-1")
        .put("/configs/" + id, Map.of("name", "h2", "config_data", data("h", "sk-two")));

    Http.Response history = http.get("/configs/" + id + "/history");

    JsonNode events = history.json().get("events");
    assertThat(events.findValuesAsText("event_type"))
        .containsExactly("ConfigCreatedEvent", "ConfigUpdatedEvent");
    assertThat(events.get(1).get("request_id").asText()).isEqualTo("req-change-1");
    assertThat(events.get(1).get("user_id").asText()).isEqualTo(user);
    assertThat(find(events.get(1).get("changes"), "name").get("new").asText()).isEqualTo("h2");
    assertThat(history.body()).doesNotContain("sk-one", "sk-two", "enc:");
  }

  @Test
  void shouldPageWithAfterAndLimitParameters() {
    String id = config();
    for (int i = 0; i < 2; i++) {
      http.put("/configs/" + id, Map.of("name", "n" + i));
    }
    JsonNode page = http.get("/configs/" + id + "/history?after=0&limit=1").json();
    assertThat(page.get("events").findValuesAsText("sequence_number")).containsExactly("1");
    assertThat(page.get("next_after").asLong()).isEqualTo(1);
    assertThat(page.get("total").asInt()).isEqualTo(3);
    assertProblem(
        http.get("/configs/" + id + "/history?limit=0"), 422, "/problems/validation-error");
  }

  @Test
  void shouldTellASessionsHistoryToItsOwnerOnly() {
    String session =
        http.post("/sessions", Map.of("config_id", config(), "tags", Map.of("k", "v")))
            .json()
            .get("session_id")
            .asText();
    http.post("/sessions/" + session + "/messages", Map.of("message", "hello"));

    Http.Response history = http.get("/sessions/" + session + "/history");

    assertThat(history.status()).as(history.toString()).isEqualTo(200);
    assertThat(history.json().get("session_id").asText()).isEqualTo(session);
    assertThat(history.json().get("events").findValuesAsText("event_type"))
        .containsExactly(
            "SessionStartedEvent",
            "SessionMessageSubmittedEvent",
            "SessionContextMeasuredEvent",
            "SessionUsageRecordedEvent",
            "SessionReplyRecordedEvent");
    assertThat(history.json().get("events").get(0).get("user_id").asText()).isEqualTo(user);
    assertProblem(stranger.get("/sessions/" + session + "/history"), 404, "/problems/not-found");
    assertProblem(
        http.get("/sessions/" + UUID.randomUUID() + "/history"), 404, "/problems/not-found");
    assertProblem(http.get("/sessions/nonsense/history"), 404, "/problems/not-found");
  }

  @Test
  void shouldTellARecipesHistoryToItsOwnerOnly() {
    Map<String, Object> recipe = Recipes.oneBashStep("r-" + user);
    String id =
        http.post("/api/recipes/", Map.of("recipe_data", recipe)).json().get("recipe_id").asText();
    http.put("/api/recipes/" + id, Map.of("recipe_data", recipe, "tags", Map.of("team", "x")));
    http.delete("/api/recipes/" + id);

    JsonNode events = http.get("/api/recipes/" + id + "/history").json().get("events");

    assertThat(events.findValuesAsText("event_type"))
        .containsExactly("RecipeCreatedEvent", "RecipeUpdatedEvent", "RecipeDeletedEvent");
    assertProblem(stranger.get("/api/recipes/" + id + "/history"), 404, "/problems/not-found");
  }

  @Test
  void shouldTellAnApplicationsHistoryToAdminsOnly() {
    Http admin = new Http(port);
    String app = "hist-" + UUID.randomUUID().toString().substring(0, 8);
    admin.post("/applications", Map.of("app_id", app, "app_name", "A"));
    admin.post("/applications/" + app + "/regenerate-key", null);

    Http.Response history = admin.get("/applications/" + app + "/history");

    assertThat(history.status()).as(history.toString()).isEqualTo(200);
    JsonNode events = history.json().get("events");
    assertThat(events.findValuesAsText("event_type"))
        .containsExactly("ApplicationRegisteredEvent", "ApplicationKeyRegeneratedEvent");
    assertThat(events.get(0).get("actor").asText()).isEqualTo("admin");
    assertThat(history.body()).doesNotContain("$2a$");
    assertProblem(stranger.get("/applications/" + app + "/history"), 404, "/problems/not-found");
  }

  static JsonNode find(JsonNode changes, String field) {
    for (JsonNode change : changes) {
      if (change.get("field").asText().equals(field)) {
        return change;
      }
    }
    throw new AssertionError("no change of " + field + " in " + changes);
  }
}
