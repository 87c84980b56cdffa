package io.amplifier.appapi.configs;

import static io.amplifier.appapi.configs.ConfigApiTest.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.amplifier.appapi.ApiTest;
import io.amplifier.appapi.Http;
import io.amplifier.appapi.OneUserTest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The recipe routes: create, read, list, update, delete, names unique per user, every rule. */
@ApiTest
class RecipeApiTest extends OneUserTest {

  static Map<String, Object> recipe(String name) {
    Map<String, Object> data = new HashMap<>();
    data.put("name", name);
    data.put("description", "builds and tests");
    data.put("version", "1.0.0");
    data.put("author", "chef");
    data.put("tags", List.of("ci"));
    data.put("context", Map.of("repo", "x"));
    data.put(
        "steps",
        List.of(
            Map.of("id", "build", "type", "bash", "command", "make", "timeout", 60),
            Map.of(
                "id",
                "review",
                "type",
                "agent",
                "agent",
                "reviewer",
                "prompt",
                "Review it",
                "depends_on",
                List.of("build")),
            Map.of("id", "sub", "type", "recipe", "recipe", "deploy.yaml", "timeout", 5)));
    return data;
  }

  Http.Response create(Map<String, Object> data, Map<String, String> tags) {
    return http.post("/api/recipes/", Map.of("recipe_data", data, "tags", tags));
  }

  @Test
  void shouldCreateReadListUpdateAndDelete() {
    Http.Response created = create(recipe("pipeline"), Map.of("team", "a"));
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    JsonNode body = created.json();
    String id = body.get("recipe_id").asText();
    assertThat(body.get("name").asText()).isEqualTo("pipeline");
    assertThat(body.get("recipe_data").get("steps").size()).isEqualTo(3);

    assertThat(http.get("/api/recipes/" + id).json().get("name").asText()).isEqualTo("pipeline");
    create(recipe("other"), Map.of("team", "b"));
    JsonNode list = http.get("/api/recipes/").json();
    assertThat(list.get("total").asInt()).isEqualTo(2);
    JsonNode filtered = http.get("/api/recipes/?tags=team:a").json();
    assertThat(filtered.get("recipes").findValuesAsText("recipe_id")).containsExactly(id);
    assertThat(http.get("/api/recipes/?limit=1").json().get("recipes").size()).isEqualTo(1);

    Map<String, Object> renamed = recipe("pipeline-2");
    Http.Response updated = http.put("/api/recipes/" + id, Map.of("recipe_data", renamed));
    assertThat(updated.status()).isEqualTo(200);
    assertThat(updated.json().get("name").asText()).isEqualTo("pipeline-2");
    assertThat(create(recipe("pipeline"), Map.of()).status())
        .as("old name is free again")
        .isEqualTo(201);

    assertThat(http.delete("/api/recipes/" + id).status()).isEqualTo(204);
    assertProblem(http.get("/api/recipes/" + id), 404, "/problems/not-found");
    assertThat(create(recipe("pipeline-2"), Map.of()).status()).isEqualTo(201);
  }

  @Test
  void shouldRefuseADuplicateNameForTheSameUserOnly() {
    assertThat(create(recipe("dup"), Map.of()).status()).isEqualTo(201);

    assertProblem(create(recipe("dup"), Map.of()), 409, "/problems/conflict");
    Http other = new Http(port).with("X-User-ID", "another-chef-" + UUID.randomUUID());
    assertThat(other.post("/api/recipes/", Map.of("recipe_data", recipe("dup"))).status())
        .isEqualTo(201);
  }

  @Test
  void shouldHideRecipesFromOthersAndAnswer404ForBadIds() {
    String id = create(recipe("mine"), Map.of()).json().get("recipe_id").asText();
    Http stranger = new Http(port).with("X-User-ID", "stranger");

    assertProblem(stranger.get("/api/recipes/" + id), 404, "/problems/not-found");
    assertProblem(
        stranger.put("/api/recipes/" + id, Map.of("tags", Map.of())), 404, "/problems/not-found");
    assertProblem(stranger.delete("/api/recipes/" + id), 404, "/problems/not-found");
    assertProblem(http.get("/api/recipes/not-a-uuid"), 404, "/problems/not-found");
    assertProblem(http.get("/api/recipes/" + UUID.randomUUID()), 404, "/problems/not-found");
    assertThat(stranger.get("/api/recipes/").json().get("total").asInt()).isZero();
  }

  @Test
  void shouldRejectBadPaging() {
    assertProblem(http.get("/api/recipes/?limit=0"), 422, "/problems/validation-error");
    assertProblem(http.get("/api/recipes/?limit=1001"), 422, "/problems/validation-error");
    assertProblem(http.get("/api/recipes/?offset=-1"), 422, "/problems/validation-error");
  }

  void assertRule(Map<String, Object> data, String field) {
    Http.Response r = create(data, Map.of());
    assertProblem(r, 422, "/problems/validation-error");
    assertThat(r.json().get("errors").findValuesAsText("field")).containsExactly(field);
  }

  Map<String, Object> with(String key, Object value) {
    Map<String, Object> data = recipe("r-" + UUID.randomUUID());
    data.put(key, value);
    return data;
  }

  Map<String, Object> withSteps(Object... steps) {
    return with("steps", List.of(steps));
  }

  @Test
  void eachDocumentRuleNamesItsField() {
    Map<String, Object> noName = recipe("x");
    noName.remove("name");
    assertRule(noName, "recipe_data.name");
    assertRule(with("description", 5), "recipe_data.description");
    assertRule(with("version", List.of()), "recipe_data.version");
    assertRule(with("author", Map.of()), "recipe_data.author");
    assertRule(with("tags", "ci"), "recipe_data.tags");
    assertRule(with("context", List.of()), "recipe_data.context");
    assertRule(with("steps", List.of()), "recipe_data.steps");
    assertRule(with("steps", "x"), "recipe_data.steps");
  }

  @Test
  void eachStepRuleNamesTheStepAndField() {
    assertRule(withSteps("not an object"), "recipe_data.steps[0]");
    assertRule(withSteps(Map.of("type", "bash", "command", "x")), "recipe_data.steps[0].id");
    assertRule(
        withSteps(Map.of("id", "", "type", "bash", "command", "x")), "recipe_data.steps[0].id");
    assertRule(
        withSteps(
            Map.of("id", "a", "type", "bash", "command", "x"),
            Map.of("id", "a", "type", "bash", "command", "y")),
        "recipe_data.steps[1].id");
    assertRule(withSteps(Map.of("id", "a", "command", "x")), "recipe_data.steps[0].type");
    assertRule(
        withSteps(Map.of("id", "a", "type", "bash", "command", "x", "timeout", 0)),
        "recipe_data.steps[0].timeout");
    assertRule(
        withSteps(Map.of("id", "a", "type", "bash", "command", "x", "timeout", -5)),
        "recipe_data.steps[0].timeout");
    assertRule(
        withSteps(
            Map.of("id", "a", "type", "bash", "command", "x", "depends_on", List.of("b")),
            Map.of("id", "b", "type", "bash", "command", "y")),
        "recipe_data.steps[0].depends_on");
    assertRule(withSteps(Map.of("id", "a", "type", "bash")), "recipe_data.steps[0].command");
    assertRule(withSteps(Map.of("id", "a", "type", "recipe")), "recipe_data.steps[0].recipe");
    assertRule(
        withSteps(Map.of("id", "a", "type", "agent", "prompt", "p")), "recipe_data.steps[0].agent");
    assertRule(
        withSteps(Map.of("id", "a", "type", "agent", "agent", "x")), "recipe_data.steps[0].prompt");
  }

  @Test
  void aStepErrorSaysWhichStep() {
    Http.Response r =
        create(
            withSteps(
                Map.of("id", "ok", "type", "bash", "command", "x"),
                Map.of("id", "broken", "type", "bash")),
            Map.of());
    assertThat(r.json().get("detail").asText())
        .contains("steps[1]")
        .contains("broken")
        .contains("command");
  }

  @Test
  void invalidUpdatesChangeNothing() {
    String id = create(recipe("stable"), Map.of()).json().get("recipe_id").asText();
    List<Object> steps = new ArrayList<>();
    steps.add(Map.of("id", "x", "type", "agent"));
    Map<String, Object> broken = recipe("stable");
    broken.put("steps", steps);

    assertProblem(
        http.put("/api/recipes/" + id, Map.of("recipe_data", broken)),
        422,
        "/problems/validation-error");
    assertThat(http.get("/api/recipes/" + id).json().get("recipe_data").get("steps").size())
        .isEqualTo(3);
  }
}
