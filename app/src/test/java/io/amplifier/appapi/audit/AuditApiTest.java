package io.amplifier.appapi.audit;

import static io.amplifier.appapi.configs.ConfigApiTest.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.amplifier.appapi.ApiTest;
import io.amplifier.appapi.Http;
import io.amplifier.appapi.OneUserTest;
import io.amplifier.appapi.sessions.Turns;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /audit} and its export over HTTP: everyone's trail for admins, one's own entities for
 * everyone else, refused reads and admin actions recorded, bad parameters refused. The projection
 * and its filters are audit-module's {@code AuditLogProjectionTest}.
 */
@ApiTest
class AuditApiTest extends OneUserTest {

  static final ObjectMapper JSON = new ObjectMapper();
  Http stranger;
  Http admin;

  @BeforeEach
  void setUp() {
    stranger = new Http(port).with("X-User-ID", "stranger-" + UUID.randomUUID());
    admin = new Http(port);
  }

  String config() {
    Map<String, Object> data = Turns.document("a", "provider-echo", Map.of("api_key", "sk-audit"));
    Http.Response created = http.post("/configs", Map.of("name", "a", "config_data", data));
    assertThat(created.status()).isEqualTo(201);
    return created.json().get("config_id").asText();
  }

  @Test
  void shouldListTheOwnersTrailNewestFirstAndPageByPosition() {
    String id = config();
    http.put("/configs/" + id, Map.of("name", "b"));
    http.with("X-Request-ID", "req-reveal").get("/configs/" + id + "?decrypt=true");

    JsonNode page = http.get("/audit?entity_id=" + id).json();

    assertThat(page.get("entries").findValuesAsText("event_type"))
        .containsExactly("ConfigSecretsRevealedEvent", "ConfigUpdatedEvent", "ConfigCreatedEvent");
    JsonNode reveal = page.get("entries").get(0);
    assertThat(reveal.get("user_id").asText()).isEqualTo(user);
    assertThat(reveal.get("request_id").asText()).isEqualTo("req-reveal");
    assertThat(reveal.get("entity_type").asText()).isEqualTo("config");
    assertThat(page.get("entries").get(1).get("changed_fields").toString()).isEqualTo("[\"name\"]");
    long newest = page.get("entries").get(0).get("position").asLong();
    assertThat(page.get("entries").get(1).get("position").asLong()).isLessThan(newest);

    JsonNode first = http.get("/audit?entity_id=" + id + "&limit=2").json();
    assertThat(first.get("entries")).hasSize(2);
    JsonNode rest =
        http.get("/audit?entity_id=" + id + "&limit=2&after=" + first.get("next_after").asLong())
            .json();
    assertThat(rest.get("entries").findValuesAsText("event_type"))
        .containsExactly("ConfigCreatedEvent");
    assertThat(http.get("/audit?entity_id=" + id).body()).doesNotContain("sk-audit", "enc:");
    assertProblem(http.get("/audit?order=sideways"), 422, "/problems/validation-error");
    assertProblem(http.get("/audit?limit=5000"), 422, "/problems/validation-error");
    Http.Response farPast = http.get("/audit?from=-6188936173891718246");
    assertProblem(farPast, 422, "/problems/validation-error");
    assertThat(farPast.json().get("errors").get(0).get("field").asText()).isEqualTo("from");
  }

  @Test
  void shouldShowAStrangerNothingOfAnotherUsersEntities() {
    String id = config();

    assertThat(stranger.get("/audit?entity_id=" + id).json().get("entries")).isEmpty();
    assertThat(stranger.get("/audit?user_id=" + user).json().get("entries")).isEmpty();
    assertThat(stranger.get("/audit").body()).doesNotContain(id, user);
    assertThat(stranger.get("/audit/export").body()).doesNotContain(id, user);
    assertThat(admin.get("/audit?entity_id=" + id).json().get("entries")).hasSize(1);
  }

  @Test
  void shouldRecordRefusedReadsOfExistingEntitiesForTheOwnerAndAdmins() {
    String id = config();
    String strangerId = stranger.get("/audit").header("X-Request-ID");
    assertProblem(stranger.get("/configs/" + id), 404, "/problems/not-found");
    assertProblem(stranger.get("/configs/" + UUID.randomUUID()), 404, "/problems/not-found");

    // the stranger's refusal is not the owner's write: the owner's read does not wait for it
    String query = "/audit?entity_id=" + id + "&event_type=AccessRefusedEvent";
    JsonNode refused = http.get(query).json().get("entries");
    for (int i = 0; i < 50 && refused.isEmpty(); i++) {
      sleep(100);
      refused = http.get(query).json().get("entries");
    }

    assertThat(refused).hasSize(1);
    assertThat(refused.get(0).get("entity_type").asText()).isEqualTo("config");
    assertThat(refused.get(0).get("actor").asText()).isEqualTo("user");
    assertThat(strangerId).isNotNull();
    assertThat(
            admin.get("/audit?event_type=AccessRefusedEvent&entity_id=" + id).json().get("entries"))
        .hasSize(1);
  }

  @Test
  void shouldRecordKeyRotationsAndProjectionRebuildsForAdmins() {
    assertThat(admin.post("/admin/keys/rotate", null).status()).isEqualTo(200);
    assertThat(admin.post("/admin/projections/recipe-view/rebuild", null).status()).isEqualTo(202);

    JsonNode rotations =
        admin.get("/audit?event_type=MasterKeysRotatedEvent").json().get("entries");
    JsonNode rebuilds =
        admin.get("/audit?entity_type=projection&entity_id=recipe-view").json().get("entries");

    assertThat(rotations).isNotEmpty();
    assertThat(rotations.get(0).get("actor").asText()).isEqualTo("admin");
    assertThat(rebuilds).isNotEmpty();
    assertThat(rebuilds.get(0).get("event_type").asText())
        .isEqualTo("ProjectionRebuildStartedEvent");
    assertThat(stranger.get("/audit?event_type=MasterKeysRotatedEvent").json().get("entries"))
        .isEmpty();
  }

  @Test
  void shouldExportTheSameFilterAsNdjson() throws Exception {
    String id = config();
    for (int i = 0; i < 3; i++) {
      http.put("/configs/" + id, Map.of("name", "n" + i));
    }

    Http.Response export = http.get("/audit/export?entity_id=" + id + "&order=asc");

    assertThat(export.status()).isEqualTo(200);
    assertThat(export.header("Content-Type")).startsWith("application/x-ndjson");
    List<JsonNode> lines = new ArrayList<>();
    for (String line : export.body().split("\n")) {
      lines.add(JSON.readTree(line));
    }
    assertThat(lines).hasSize(4);
    assertThat(lines.get(0).get("event_type").asText()).isEqualTo("ConfigCreatedEvent");
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
