package io.amplifier.appapi.audit;

import static io.amplifier.appapi.configs.ConfigApiTest.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.amplifier.appapi.ApiTest;
import io.amplifier.appapi.Http;
import io.amplifier.appapi.OneUserTest;
import io.amplifier.appapi.configs.Recipes;
import io.amplifier.appapi.sessions.Turns;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code ?as_of=} and {@code ?version=}: entities as they were, folded from their own events. */
@ApiTest
class AsOfApiTest extends OneUserTest {

  Http stranger;

  @BeforeEach
  void setUp() {
    stranger = new Http(port).with("X-User-ID", "stranger-" + UUID.randomUUID());
  }

  static Map<String, Object> data(String name) {
    return Turns.document(name, "provider-echo", Map.of("api_key", "sk-past"));
  }

  /** The instant of event {@code index} of an entity, from its history. */
  String instantOf(String historyPath, int index) {
    return http.get(historyPath).json().get("events").get(index).get("timestamp").asText();
  }

  @Test
  void shouldReadAConfigAsItWasAndNotAfterItsKeyWasShredded() {
    String id = Turns.configId(http, "first", data("a"));
    http.put("/configs/" + id, Map.of("name", "second"));
    String created = instantOf("/configs/" + id + "/history", 0);

    Http.Response then = http.get("/configs/" + id + "?as_of=" + created);

    assertThat(then.status()).as(then.toString()).isEqualTo(200);
    assertThat(then.json().get("name").asText()).isEqualTo("first");
    assertThat(then.header("ETag")).isEqualTo("\"1\"");
    assertThat(then.header("X-As-Of")).isEqualTo(created);
    assertThat(then.header("Last-Modified")).isNotNull();
    assertThat(
            then.json()
                .get("config_data")
                .get("providers")
                .get(0)
                .get("config")
                .get("api_key")
                .asText())
        .startsWith("enc:");
    assertThat(http.get("/configs/" + id + "?version=2").json().get("name").asText())
        .isEqualTo("second");
    assertThat(http.get("/configs/" + id + "?version=2").header("ETag")).isEqualTo("\"2\"");
    assertProblem(
        http.get("/configs/" + id + "?as_of=2000-01-01T00:00:00Z"), 404, "/problems/not-found");
    assertProblem(stranger.get("/configs/" + id + "?as_of=" + created), 404, "/problems/not-found");
    assertProblem(stranger.get("/configs/" + id + "?version=1"), 404, "/problems/not-found");
    assertProblem(
        http.get("/configs/" + id + "?as_of=yesterday"), 422, "/problems/validation-error");
    assertThat(
            http.get("/configs/" + id + "?as_of=" + created + "&decrypt=true")
                .json()
                .get("config_data")
                .get("providers")
                .get(0)
                .get("config")
                .get("api_key")
                .asText())
        .isEqualTo("sk-past");

    http.delete("/configs/" + id);

    assertThat(http.get("/configs/" + id + "?as_of=" + created).json().get("name").asText())
        .isEqualTo("first");
    assertProblem(
        http.get("/configs/" + id + "?as_of=" + Instant.now().plusSeconds(5)),
        404,
        "/problems/not-found");
    Http.Response gone = http.get("/configs/" + id + "?as_of=" + created + "&decrypt=true");
    assertProblem(gone, 410, "/problems/gone");
    assertThat(gone.json().get("detail").asText()).contains("data key");
  }

  @Test
  void shouldReadASessionAndItsTranscriptAsTheyWere() {
    String config = Turns.configId(http, "c", data("c"));
    String id =
        http.post("/sessions", Map.of("config_id", config)).json().get("session_id").asText();
    http.post("/sessions/" + id + "/messages", Map.of("message", "hello"));
    http.post("/sessions/" + id + "/messages", Map.of("message", "again"));
    // the first turn ends with its reply (its context and usage are recorded before it)
    JsonNode firstReply = null;
    for (JsonNode event : http.get("/sessions/" + id + "/history").json().get("events")) {
      if (event.get("event_type").asText().equals("SessionReplyRecordedEvent")) {
        firstReply = event;
        break;
      }
    }
    assertThat(firstReply).isNotNull();
    String afterFirstTurn = firstReply.get("timestamp").asText();
    String versionAfterFirstTurn = firstReply.get("sequence_number").asText();

    JsonNode then = http.get("/sessions/" + id + "?as_of=" + afterFirstTurn).json();
    Http.Response messages = http.get("/sessions/" + id + "/messages?as_of=" + afterFirstTurn);

    assertThat(then.get("message_count").asInt()).isEqualTo(1);
    assertThat(http.get("/sessions/" + id).json().get("message_count").asInt()).isEqualTo(2);
    assertThat(messages.json().get("messages").findValuesAsText("content"))
        .hasSize(2)
        .first()
        .isEqualTo("hello");
    assertThat(messages.header("ETag")).isEqualTo("\"" + versionAfterFirstTurn + "\"");
    assertThat(messages.header("X-As-Of")).isEqualTo(afterFirstTurn);
    Http.Response started = http.get("/sessions/" + id + "?version=0");
    assertThat(started.json().get("message_count").asInt()).isZero();
    assertThat(started.header("ETag")).isEqualTo("\"0\"");
    assertThat(http.get("/sessions/" + id + "/messages?version=0").json().get("messages"))
        .isEmpty();
    assertProblem(
        stranger.get("/sessions/" + id + "?as_of=" + afterFirstTurn), 404, "/problems/not-found");
    assertProblem(
        stranger.get("/sessions/" + id + "/messages?version=2"), 404, "/problems/not-found");
    assertProblem(http.get("/sessions/" + id + "?version=99"), 404, "/problems/not-found");
  }

  @Test
  void shouldReadARecipeAsItWasEvenAfterItsDeletion() {
    Map<String, Object> recipe = Recipes.oneBashStep("r-" + UUID.randomUUID());
    String id =
        http.post("/api/recipes/", Map.of("recipe_data", recipe)).json().get("recipe_id").asText();
    http.put("/api/recipes/" + id, Map.of("recipe_data", recipe, "tags", Map.of("team", "x")));
    String created = instantOf("/api/recipes/" + id + "/history", 0);
    http.delete("/api/recipes/" + id);

    Http.Response then = http.get("/api/recipes/" + id + "?as_of=" + created);

    assertThat(then.status()).as(then.toString()).isEqualTo(200);
    assertThat(then.json().get("tags").size()).isZero();
    // the ETag is the recipe's revision (its first event, sequence 0, is revision 1), as on a plain
    // GET
    assertThat(then.header("ETag")).isEqualTo("\"1\"");
    assertThat(
            http.get("/api/recipes/" + id + "?version=1").json().get("tags").get("team").asText())
        .isEqualTo("x");
    assertProblem(http.get("/api/recipes/" + id + "?version=2"), 404, "/problems/not-found");
    assertProblem(stranger.get("/api/recipes/" + id + "?version=0"), 404, "/problems/not-found");
  }
}
