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

/** Every kind of entity tells its own history: oldest first, who, which request, what changed. */
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
  void shouldShowOldAndNewValuesAndSecretsOnlyAsChanged() {
    String id = config();
    http.with("X-Request-ID", "req-change-1")
        .put("/configs/" + id, Map.of("name", "h2", "config_data", data("h", "sk-two")));

    JsonNode events = http.get("/configs/" + id + "/history").json().get("events");

    assertThat(events).hasSize(2);
    JsonNode update = events.get(1);
    assertThat(update.get("actor").asText())
        .isEqualTo("admin".equals(update.get("actor").asText()) ? "admin" : "user");
    assertThat(update.get("request_id").asText()).isEqualTo("req-change-1");
    JsonNode name = find(update.get("changes"), "name");
    assertThat(name.get("old").asText()).isEqualTo("h");
    assertThat(name.get("new").asText()).isEqualTo("h2");
    JsonNode key = find(update.get("changes"), "config_data.providers[0].config.api_key");
    assertThat(key.get("changed").asBoolean()).isTrue();
    assertThat(key.has("old")).isFalse();
    assertThat(http.get("/configs/" + id + "/history").body())
        .doesNotContain("sk-one", "sk-two", "enc:");
  }

  @Test
  void shouldPageWithAfterAndLimit() {
    String id = config();
    for (int i = 0; i < 4; i++) {
      http.put("/configs/" + id, Map.of("name", "n" + i));
    }
    JsonNode first = http.get("/configs/" + id + "/history?limit=2").json();
    assertThat(first.get("events").findValuesAsText("sequence_number")).containsExactly("0", "1");
    assertThat(first.get("next_after").asLong()).isEqualTo(1);
    JsonNode second = http.get("/configs/" + id + "/history?after=1&limit=2").json();
    assertThat(second.get("events").findValuesAsText("sequence_number")).containsExactly("2", "3");
    JsonNode last = http.get("/configs/" + id + "/history?after=3&limit=2").json();
    assertThat(last.get("events").findValuesAsText("sequence_number")).containsExactly("4");
    assertThat(last.get("next_after").isNull()).isTrue();
    assertThat(last.get("total").asInt()).isEqualTo(5);
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
            "SessionStartedEvent", "SessionMessageSubmittedEvent", "SessionReplyRecordedEvent");
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
    assertThat(find(events.get(1).get("changes"), "tags.team").get("new").asText()).isEqualTo("x");
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
    assertThat(find(events.get(1).get("changes"), "key_hash").get("changed").asBoolean()).isTrue();
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
