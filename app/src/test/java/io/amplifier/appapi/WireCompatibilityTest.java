package io.amplifier.appapi;

import static io.amplifier.appapi.configs.ConfigApiTest.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.amplifier.appapi.sessions.Turns;
import io.amplifier.appapi.sessions.api.SessionMessageSubmittedEvent;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A client of amplifier-app-api 0.4.0, as it is written: configs answered as sent, the stream's
 * exact headers, a cancel with nothing running, a message's {@code context} reaching the model, and
 * recipes' top-level fields with If-Match. (Root, health, version, docs and OpenAPI: {@link
 * ServiceRoutesTest}; the Fernet wire format: {@code FernetWireFormatTest}.)
 */
@ApiTest
class WireCompatibilityTest extends OneUserTest {

  @Autowired ObjectMapper json;

  static Map<String, Object> configData(String apiKey) {
    return Turns.document("chat", "provider-echo", Map.of("api_key", apiKey));
  }

  String session() {
    String config = Turns.configId(http, "c", configData("sk-x"));
    Http.Response created = http.post("/sessions", Map.of("config_id", config));
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    return created.json().get("session_id").asText();
  }

  @Test
  void shouldAnswerConfigCreateAndUpdateWithTheDocumentAsSent() {
    Http.Response created =
        http.post("/configs", Map.of("name", "c", "config_data", configData("sk-created-1234")));

    assertThat(created.status()).isEqualTo(201);
    assertThat(created.json().get("encrypted").asBoolean()).isFalse();
    assertThat(created.json().at("/config_data/providers/0/config/api_key").asText())
        .isEqualTo("sk-created-1234");
    String id = created.json().get("config_id").asText();
    JsonNode stored = http.get("/configs/" + id).json();
    assertThat(stored.get("encrypted").asBoolean()).isTrue();
    assertThat(stored.at("/config_data/providers/0/config/api_key").asText()).startsWith("enc:");

    Http.Response updated =
        http.put("/configs/" + id, Map.of("config_data", configData("sk-updated-5678")));

    assertThat(updated.status()).isEqualTo(200);
    assertThat(updated.json().get("encrypted").asBoolean()).isFalse();
    assertThat(updated.json().at("/config_data/providers/0/config/api_key").asText())
        .isEqualTo("sk-updated-5678");
    assertThat(
            http.get("/configs/" + id)
                .json()
                .at("/config_data/providers/0/config/api_key")
                .asText())
        .startsWith("enc:");
    assertThat(
            http.get("/configs/" + id + "?decrypt=true")
                .json()
                .at("/config_data/providers/0/config/api_key")
                .asText())
        .isEqualTo("sk-updated-5678");
    Http.Response renamed = http.put("/configs/" + id, Map.of("name", "renamed"));
    assertThat(renamed.json().get("encrypted").asBoolean()).isTrue();
    assertThat(renamed.json().at("/config_data/providers/0/config/api_key").asText())
        .startsWith("enc:");
  }

  @Test
  void shouldStreamWithStarlettesExactHeaders() {
    Http.Response stream = http.post("/sessions/" + session() + "/stream", Map.of("message", "hi"));

    assertThat(stream.status()).isEqualTo(200);
    assertThat(stream.header("Content-Type")).isEqualTo("text/event-stream; charset=utf-8");
    assertThat(stream.header("Cache-Control")).isEqualTo("no-cache");
    assertThat(stream.body()).contains("\"type\":\"done\"");
  }

  @Test
  void shouldAnswerACancelWithNothingRunningAsTheOriginal() {
    String id = session();

    Http.Response cancel = http.post("/sessions/" + id + "/cancel", null);

    assertProblem(cancel, 404, "/problems/not-found");
    assertThat(cancel.json().get("detail").asText()).isEqualTo("Session not found or not active");
    assertThat(
            http.post("/sessions/" + id + "/messages", Map.of("message", "still usable")).status())
        .isEqualTo(200);
  }

  @Test
  void shouldLetTheModelUseTheMessagesContextAndRecordIt() {
    String id = session();
    Map<String, Object> context = Map.of("language", "Python");

    Http.Response reply =
        http.post(
            "/sessions/" + id + "/messages",
            Map.of("message", "What programming language am I using?", "context", context));
    Http.Response streamed =
        http.post(
            "/sessions/" + id + "/stream",
            Map.of("message", "Which language is this?", "context", Map.of("language", "Kotlin")));

    assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
    assertThat(reply.json().get("response").asText()).contains("Python");
    assertThat(streamed.body()).contains("Kotlin");
    JsonNode messages = http.get("/sessions/" + id + "/messages").json().get("messages");
    assertThat(messages.get(0).get("role").asText()).isEqualTo("user");
    assertThat(messages.get(0).get("context").get("language").asText()).isEqualTo("Python");
    assertThat(messages.get(1).has("context")).isFalse();
    assertThat(messages.get(2).get("context").get("language").asText()).isEqualTo("Kotlin");
  }

  @Test
  void shouldRefuseAContextLargerThan16KiBNamingIt() {
    String id = session();

    Http.Response tooLarge =
        http.post(
            "/sessions/" + id + "/messages",
            Map.of("message", "hi", "context", Map.of("blob", "x".repeat(16 * 1024))));

    assertProblem(tooLarge, 422, "/problems/validation-error");
    assertThat(tooLarge.json().get("errors").get(0).get("field").asText()).isEqualTo("context");
    assertThat(http.get("/sessions/" + id).json().get("message_count").asInt()).isZero();
  }

  @Test
  void shouldReadMessageEventsRecordedBeforeContextExisted() throws Exception {
    String before =
        "{\"sessionId\":\""
            + UUID.randomUUID()
            + "\",\"turnId\":\"t1\",\"turn\":1,\"seq\":1,"
            + "\"authorId\":\"u\",\"content\":\"hello\"}";

    SessionMessageSubmittedEvent event = json.readValue(before, SessionMessageSubmittedEvent.class);

    assertThat(event.content()).isEqualTo("hello");
    assertThat(event.context()).isNull();
  }

  static Map<String, Object> recipe(String name) {
    return Map.of(
        "name",
        name,
        "steps",
        List.of(Map.of("id", "s1", "type", "agent", "agent", "a", "prompt", "p")));
  }

  @Test
  void shouldHonourRecipesTopLevelFieldsAndIfMatch() {
    Http.Response created =
        http.post(
            "/api/recipes/",
            Map.of(
                "name",
                "top-name",
                "description",
                "top description",
                "version",
                "1.2.0",
                "recipe_data",
                recipe("inner-name")));

    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    assertThat(created.json().get("name").asText()).isEqualTo("top-name");
    assertThat(created.json().get("description").asText()).isEqualTo("top description");
    assertThat(created.json().get("version").asText()).isEqualTo("1.2.0");
    assertThat(created.header("ETag")).isEqualTo("\"1\"");
    String id = created.json().get("recipe_id").asText();

    Http.Response renamed =
        http.with("If-Match", "\"1\"")
            .put("/api/recipes/" + id, Map.of("name", "renamed", "version", "1.3.0"));

    assertThat(renamed.status()).as(renamed.toString()).isEqualTo(200);
    assertThat(renamed.json().get("name").asText()).isEqualTo("renamed");
    assertThat(renamed.json().get("version").asText()).isEqualTo("1.3.0");
    assertThat(renamed.json().get("description").asText()).isEqualTo("top description");
    assertThat(renamed.header("ETag")).isEqualTo("\"2\"");
    Http.Response read = http.get("/api/recipes/" + id);
    assertThat(read.json().get("name").asText()).isEqualTo("renamed");
    assertThat(read.json().at("/recipe_data/name").asText()).isEqualTo("renamed");
    assertThat(read.header("ETag")).isEqualTo("\"2\"");

    Http.Response stale =
        http.with("If-Match", "\"1\"").put("/api/recipes/" + id, Map.of("name", "lost"));

    assertProblem(stale, 412, "/problems/precondition-failed");
    assertThat(http.get("/api/recipes/" + id).json().get("name").asText()).isEqualTo("renamed");
  }
}
