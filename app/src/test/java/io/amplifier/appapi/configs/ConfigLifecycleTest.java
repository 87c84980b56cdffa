package io.amplifier.appapi.configs;

import static io.amplifier.appapi.configs.ConfigApiTest.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.amplifier.appapi.ApiTest;
import io.amplifier.appapi.Http;
import io.amplifier.appapi.OneUserTest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Configs as the original's clients use them, and better: lists, updates, versions, deletes. */
@ApiTest
class ConfigLifecycleTest extends OneUserTest {

  static final ObjectMapper JSON = new ObjectMapper();

  static Map<String, Object> bundle(String name) {
    Map<String, Object> data = new HashMap<>();
    data.put("bundle", Map.of("name", name));
    data.put(
        "providers", List.of(Map.of("module", "provider-echo", "config", Map.of("model", "echo"))));
    return data;
  }

  String create(String name, Map<String, String> tags) {
    Http.Response r =
        http.post("/configs", Map.of("name", name, "config_data", bundle(name), "tags", tags));
    assertThat(r.status()).as(r.toString()).isEqualTo(201);
    return r.json().get("config_id").asText();
  }

  @Test
  void shouldMergeTopLevelSectionsIntoTheDocument() {
    Http.Response r =
        http.post(
            "/configs",
            Map.of(
                "name", "sections",
                "config_data", bundle("s"),
                "providers", List.of(Map.of("module", "provider-openai")),
                "tools", List.of(Map.of("module", "tool-bash")),
                "session", Map.of("orchestrator", "loop-basic")));

    assertThat(r.status()).isEqualTo(201);
    JsonNode data = r.json().get("config_data");
    assertThat(data.get("providers").get(0).get("module").asText()).isEqualTo("provider-openai");
    assertThat(data.get("tools").get(0).get("module").asText()).isEqualTo("tool-bash");
    assertThat(data.get("session").get("orchestrator").asText()).isEqualTo("loop-basic");
    assertThat(data.get("bundle").get("name").asText()).isEqualTo("s");
  }

  @Test
  void shouldListOnlyTheCallersNewestFirstWithTotalsAndTagFilters() {
    String a = create("list-a", Map.of("env", "dev", "team", "x"));
    String b = create("list-b", Map.of("env", "prod"));
    String c = create("list-c", Map.of("env", "dev"));
    new Http(port)
        .with("X-User-ID", "someone-else")
        .post("/configs", Map.of("name", "foreign", "config_data", bundle("f")));

    JsonNode all = http.get("/configs").json();
    assertThat(all.get("total").asInt()).isEqualTo(3);
    assertThat(all.get("configs").findValuesAsText("config_id")).containsExactly(c, b, a);
    assertThat(all.get("configs").get(0).has("config_data")).isFalse();

    JsonNode page = http.get("/configs?limit=1&offset=1").json();
    assertThat(page.get("total").asInt()).isEqualTo(3);
    assertThat(page.get("configs").findValuesAsText("config_id")).containsExactly(b);

    JsonNode dev = http.get("/configs?tags=env:dev").json();
    assertThat(dev.get("configs").findValuesAsText("config_id")).containsExactly(c, a);
    assertThat(dev.get("total").asInt()).isEqualTo(2);
    JsonNode both = http.get("/configs?tags=env:dev,team:x").json();
    assertThat(both.get("configs").findValuesAsText("config_id")).containsExactly(a);
  }

  @Test
  void shouldRejectBadPagingAndTagFiltersAs422() {
    for (String query : new String[] {"limit=0", "limit=1001", "offset=-1", "limit=abc"}) {
      Http.Response r = http.get("/configs?" + query);
      assertProblem(r, 422, "/problems/validation-error");
      assertThat(r.json().get("errors").findValuesAsText("field")).containsAnyOf("limit", "offset");
    }
    Http.Response tags = http.get("/configs?tags=novalue");
    assertProblem(tags, 422, "/problems/validation-error");
    assertThat(tags.json().get("errors").findValuesAsText("field")).containsExactly("tags");
  }

  @Test
  void shouldUpdateOnlyTheGivenFieldsAndKeepEveryVersion() {
    String id = create("v1-name", Map.of("env", "dev"));

    Http.Response renamed = http.put("/configs/" + id, Map.of("name", "v2-name"));
    assertThat(renamed.status()).isEqualTo(200);
    assertThat(renamed.json().get("name").asText()).isEqualTo("v2-name");
    assertThat(renamed.json().get("tags").get("env").asText()).isEqualTo("dev");
    assertThat(renamed.json().get("message").asText()).isEqualTo("Config updated successfully");
    assertThat(renamed.header("ETag")).isEqualTo("\"2\"");

    Http.Response tooled =
        http.put("/configs/" + id, Map.of("tools", List.of(Map.of("module", "tool-web"))));
    assertThat(tooled.json().get("config_data").get("tools").get(0).get("module").asText())
        .isEqualTo("tool-web");
    assertThat(tooled.json().get("config_data").get("bundle").get("name").asText())
        .isEqualTo("v1-name");

    assertThat(http.get("/configs/" + id + "?version=1").json().get("name").asText())
        .isEqualTo("v1-name");
    assertThat(http.get("/configs/" + id + "?version=2").json().get("name").asText())
        .isEqualTo("v2-name");
    assertThat(http.get("/configs/" + id + "?version=1").json().get("config_data").has("tools"))
        .isFalse();
    assertThat(http.get("/configs/" + id + "?version=9").status()).isEqualTo(404);

    JsonNode events = http.get("/configs/" + id + "/history").json().get("events");
    assertThat(events.findValuesAsText("event_type"))
        .containsExactly("ConfigCreatedEvent", "ConfigUpdatedEvent", "ConfigUpdatedEvent");
    assertThat(events.get(1).get("changed_fields").toString()).isEqualTo("[\"name\"]");
    assertThat(events.get(2).get("changed_fields").toString()).isEqualTo("[\"config_data\"]");
    assertThat(events.get(2).get("revision").asInt()).isEqualTo(3);
  }

  @Test
  void shouldRefuseAStaleIfMatchWith412() {
    String id = create("if-match", Map.of());
    String etag = http.get("/configs/" + id).header("ETag");

    assertThat(http.with("If-Match", etag).put("/configs/" + id, Map.of("name", "first")).status())
        .isEqualTo(200);
    Http.Response stale =
        http.with("If-Match", etag).put("/configs/" + id, Map.of("name", "second"));

    assertProblem(stale, 412, "/problems/precondition-failed");
    assertThat(http.get("/configs/" + id).json().get("name").asText()).isEqualTo("first");
    assertProblem(
        http.with("If-Match", "garbage").put("/configs/" + id, Map.of("name", "x")),
        412,
        "/problems/precondition-failed");
  }

  @Test
  void shouldLetExactlyOneOfParallelUpdatesWinPerVersion() throws Exception {
    String id = create("race", Map.of());
    String etag = http.get("/configs/" + id).header("ETag");
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Callable<Integer>> updates = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        String name = "racer-" + i;
        updates.add(
            () -> http.with("If-Match", etag).put("/configs/" + id, Map.of("name", name)).status());
      }
      List<Integer> statuses = new ArrayList<>();
      for (Future<Integer> f : pool.invokeAll(updates)) {
        statuses.add(f.get());
      }
      assertThat(statuses).containsOnly(200, 412);
      assertThat(statuses.stream().filter(s -> s == 200).count()).isEqualTo(1);
    } finally {
      pool.shutdown();
    }
    assertThat(http.get("/configs/" + id).header("ETag")).isEqualTo("\"2\"");
  }

  @Test
  void shouldCreateTenInParallel() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(10);
    try {
      List<Callable<Http.Response>> creates = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        String name = "parallel-" + i;
        creates.add(() -> http.post("/configs", Map.of("name", name, "config_data", bundle(name))));
      }
      List<String> ids = new ArrayList<>();
      for (Future<Http.Response> f : pool.invokeAll(creates)) {
        assertThat(f.get().status()).isEqualTo(201);
        ids.add(f.get().json().get("config_id").asText());
        assertThat(http.get("/configs/" + ids.get(ids.size() - 1)).status()).isEqualTo(200);
      }
      assertThat(ids).doesNotHaveDuplicates();
      assertThat(http.get("/configs?tags=").json().get("total").asInt()).isGreaterThanOrEqualTo(10);
    } finally {
      pool.shutdown();
    }
  }

  @Test
  void shouldDeleteThenAnswer404Everywhere() {
    String id = create("doomed", Map.of());

    Http.Response deleted = http.delete("/configs/" + id);

    assertThat(deleted.status()).isEqualTo(200);
    assertThat(deleted.json().get("message").asText()).isEqualTo("Config deleted successfully");
    assertProblem(http.get("/configs/" + id), 404, "/problems/not-found");
    assertProblem(http.put("/configs/" + id, Map.of("name", "x")), 404, "/problems/not-found");
    assertProblem(http.delete("/configs/" + id), 404, "/problems/not-found");
    assertThat(http.get("/configs").json().get("configs").findValuesAsText("config_id"))
        .doesNotContain(id);
    assertThat(
            http.get("/configs/" + id + "/history")
                .json()
                .get("events")
                .findValuesAsText("event_type"))
        .containsExactly("ConfigCreatedEvent", "ConfigDeletedEvent");
  }

  @Test
  void shouldAnswer404ForUnknownConfigsOnEveryRoute() {
    String unknown = "/configs/" + UUID.randomUUID();
    assertProblem(http.put(unknown, Map.of("name", "x")), 404, "/problems/not-found");
    assertProblem(http.delete(unknown), 404, "/problems/not-found");
    assertProblem(http.get(unknown + "?decrypt=true"), 404, "/problems/not-found");
    assertProblem(http.put("/configs/not-a-uuid", Map.of("name", "x")), 404, "/problems/not-found");
  }

  @Test
  void shouldHideEveryRouteFromOtherUsers() {
    String id = create("private", Map.of());
    Http stranger = new Http(port).with("X-User-ID", "stranger");

    assertProblem(stranger.get("/configs/" + id), 404, "/problems/not-found");
    assertProblem(stranger.get("/configs/" + id + "?decrypt=true"), 404, "/problems/not-found");
    assertProblem(stranger.get("/configs/" + id + "?version=1"), 404, "/problems/not-found");
    assertProblem(stranger.get("/configs/" + id + "/history"), 404, "/problems/not-found");
    assertProblem(
        stranger.put("/configs/" + id, Map.of("name", "mine")), 404, "/problems/not-found");
    assertProblem(stranger.delete("/configs/" + id), 404, "/problems/not-found");
    assertThat(http.get("/configs/" + id).json().get("name").asText()).isEqualTo("private");
  }

  @Test
  void shouldRefuseDocumentsOverOneMegabyte() {
    Map<String, Object> data = bundle("big");
    data.put("blob", "x".repeat(1024 * 1024 + 10));

    Http.Response r = http.post("/configs", Map.of("name", "big", "config_data", data));

    assertProblem(r, 413, "/problems/payload-too-large");
    Map<String, Object> fits = bundle("fits");
    fits.put("blob", "x".repeat(900 * 1024));
    assertThat(http.post("/configs", Map.of("name", "fits", "config_data", fits)).status())
        .isEqualTo(201);
  }
}
