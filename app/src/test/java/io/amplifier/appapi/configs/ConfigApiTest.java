package io.amplifier.appapi.configs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.amplifier.appapi.ApiTest;
import io.amplifier.appapi.Http;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/** The config slice as a client lives it, over real HTTP against a real PostgreSQL. */
@ApiTest
public class ConfigApiTest {

  @LocalServerPort int port;
  @Autowired JdbcTemplate jdbc;
  Http http;

  @BeforeEach
  void setUp() {
    http = new Http(port);
  }

  public static Map<String, Object> config(String name) {
    return Map.of(
        "name",
        name,
        "description",
        "a test config",
        "config_data",
        Map.of("bundle", Map.of("name", "foundation"), "providers", java.util.List.of()),
        "tags",
        Map.of("env", "test"));
  }

  @Test
  void shouldCreateThenReadTheConfigAtOnce() {
    Http.Response created = http.post("/configs", config("first"));

    assertThat(created.status()).isEqualTo(201);
    JsonNode body = created.json();
    String id = body.get("config_id").asText();
    assertThat(UUID.fromString(id)).isNotNull();
    assertThat(body.get("message").asText()).isEqualTo("Config created successfully");
    assertThat(body.get("name").asText()).isEqualTo("first");
    assertThat(body.get("description").asText()).isEqualTo("a test config");
    assertThat(body.get("user_id").asText()).isEqualTo("dev-user");
    assertThat(body.get("config_data").get("bundle").get("name").asText()).isEqualTo("foundation");
    assertThat(body.get("tags").get("env").asText()).isEqualTo("test");
    assertThat(body.get("encrypted").isBoolean()).isTrue();
    assertThat(body.hasNonNull("created_at")).isTrue();
    assertThat(body.hasNonNull("updated_at")).isTrue();
    assertThat(created.header("Location")).isEqualTo("/configs/" + id);
    assertThat(created.header("ETag")).isEqualTo("\"1\"");

    Http.Response read = http.get("/configs/" + id);

    assertThat(read.status()).isEqualTo(200);
    assertThat(read.json().get("config_id").asText()).isEqualTo(id);
    assertThat(read.json().get("config_data")).isEqualTo(body.get("config_data"));
    assertThat(read.json().get("created_at")).isEqualTo(body.get("created_at"));
    assertThat(read.header("ETag")).isEqualTo("\"1\"");
  }

  @Test
  void shouldReadEveryWriteImmediatelyWithoutRetrying() {
    for (int i = 0; i < 40; i++) {
      String id = http.post("/configs", config("ryw-" + i)).json().get("config_id").asText();
      Http.Response read = http.get("/configs/" + id);
      assertThat(read.status()).as("GET right after POST #%d", i).isEqualTo(200);
      assertThat(read.json().get("name").asText()).isEqualTo("ryw-" + i);
    }
  }

  @Test
  void shouldAnswer404ForUnknownMalformedAndForeignIds() {
    String id = http.post("/configs", config("mine")).json().get("config_id").asText();

    for (String path :
        new String[] {"/configs/" + UUID.randomUUID(), "/configs/not-a-uuid", "/configs/" + id}) {
      Http client = path.endsWith(id) ? http.with("X-User-ID", "someone-else") : http;
      Http.Response response = client.get(path);
      assertThat(response.status()).as(path).isEqualTo(404);
      assertThat(response.header("Content-Type")).startsWith("application/problem+json");
      assertThat(response.json().get("detail").asText()).isEqualTo("Config not found");
      assertThat(response.json().get("type").asText()).isEqualTo("/problems/not-found");
    }
  }

  @Test
  void shouldListTheHistoryWithTheMetadataOfEveryEvent() {
    Http alice = http.with("X-User-ID", "alice").with("X-Request-ID", "req-history-1");
    Http.Response created = alice.post("/configs", config("audited"));
    assertThat(created.header("X-Request-ID")).isEqualTo("req-history-1");
    String id = created.json().get("config_id").asText();

    Http.Response history = alice.get("/configs/" + id + "/history");

    assertThat(history.status()).isEqualTo(200);
    JsonNode events = history.json().get("events");
    assertThat(events).hasSize(1);
    JsonNode first = events.get(0);
    assertThat(first.get("event_type").asText()).isEqualTo("ConfigCreatedEvent");
    assertThat(first.get("sequence_number").asLong()).isZero();
    assertThat(first.get("timestamp").asText())
        .isEqualTo(created.json().get("created_at").asText());
    assertThat(first.get("user_id").asText()).isEqualTo("alice");
    assertThat(first.get("app_id").asText()).isEqualTo("dev-app");
    assertThat(first.get("request_id").asText()).isEqualTo("req-history-1");

    assertThat(http.with("X-User-ID", "mallory").get("/configs/" + id + "/history").status())
        .isEqualTo(404);
    assertThat(http.get("/configs/" + UUID.randomUUID() + "/history").status()).isEqualTo(404);
  }

  @Test
  void shouldGiveEveryResponseARequestId() {
    assertThat(http.get("/configs/" + UUID.randomUUID()).header("X-Request-ID")).isNotBlank();
    assertThat(http.get("/health").header("X-Request-ID")).isNotBlank();
    assertThat(
            http.with("X-Request-ID", "bad id with spaces").get("/health").header("X-Request-ID"))
        .isNotEqualTo("bad id with spaces")
        .isNotBlank();
  }

  @Test
  void shouldRejectAMissingNameNamingTheField() {
    Http.Response response = http.post("/configs", Map.of("config_data", Map.of()));

    assertProblem(response, 422, "/problems/validation-error");
    assertThat(response.json().get("errors").findValuesAsText("field")).contains("name");
  }

  @Test
  void shouldRejectAMissingConfigDataNamingTheField() {
    Http.Response response = http.post("/configs", Map.of("name", "x"));

    assertProblem(response, 422, "/problems/validation-error");
    assertThat(response.json().get("errors").findValuesAsText("field")).contains("config_data");
  }

  @Test
  void shouldRejectConfigDataThatIsNotAnObject() {
    Http.Response response = http.post("/configs", Map.of("name", "x", "config_data", "text"));

    assertProblem(response, 422, "/problems/validation-error");
    assertThat(response.json().get("errors").findValuesAsText("field"))
        .containsExactly("config_data");
  }

  @Test
  void shouldRejectTagsThatAreNotAMap() {
    Http.Response response =
        http.post(
            "/configs", Map.of("name", "x", "config_data", Map.of(), "tags", java.util.List.of(1)));

    assertProblem(response, 422, "/problems/validation-error");
    assertThat(response.json().get("errors").findValuesAsText("field")).containsExactly("tags");
  }

  @Test
  void shouldRejectMalformedJsonAs422() {
    Http.Response response = http.post("/configs", "{\"name\": \"x\", ");

    assertProblem(response, 422, "/problems/validation-error");
    assertThat(response.body()).doesNotContain("Exception").doesNotContain("at io.");
  }

  @Test
  void shouldAnswerUnknownRoutesAndWrongMethodsWithProblems() {
    assertProblem(http.get("/no-such-route"), 404, "/problems/not-found");
    assertProblem(http.delete("/health"), 405, "/problems/method-not-allowed");
    assertProblem(http.put("/configs", Map.of()), 405, "/problems/method-not-allowed");
  }

  @Test
  void shouldNotWriteAnythingForRejectedInput() {
    long before = countConfigs();
    http.post("/configs", Map.of("name", "", "config_data", Map.of()));
    http.post("/configs", "not json");
    assertThat(countConfigs()).isEqualTo(before);
  }

  private long countConfigs() {
    Long events = jdbc.queryForObject("SELECT count(*) FROM domainevententry", Long.class);
    Long rows = jdbc.queryForObject("SELECT count(*) FROM config_view", Long.class);
    return events * 1_000_000 + rows;
  }

  public static void assertProblem(Http.Response response, int status, String type) {
    assertThat(response.status()).as(response.toString()).isEqualTo(status);
    assertThat(response.header("Content-Type")).startsWith("application/problem+json");
    JsonNode problem = response.json();
    assertThat(problem.get("type").asText()).isEqualTo(type);
    assertThat(problem.get("status").asInt()).isEqualTo(status);
    assertThat(problem.get("title").asText()).isNotBlank();
    assertThat(problem.get("detail").asText()).isNotBlank();
  }
}
