package io.amplifier.appapi.audit;

import static io.amplifier.appapi.configs.ConfigApiTest.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import io.amplifier.appapi.ApiTest;
import io.amplifier.appapi.Http;
import io.amplifier.appapi.sessions.Turns;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * What the idempotency table keeps of an answer: nothing readable in clear, nothing replayed once
 * the entity it answers for is deleted, nothing replayed to a caller who lost access to it.
 */
@ApiTest
class IdempotencySecretsTest {

  @LocalServerPort int port;
  @Autowired JdbcTemplate jdbc;

  /** Rows of the table whose text (any column; bytea as hex) or body bytes hold {@code secret}. */
  long rowsHolding(String secret) {
    return jdbc.queryForObject(
        "SELECT count(*) FROM idempotency_keys t WHERE position(? IN t::text) > 0"
            + " OR position(convert_to(?, 'UTF8') IN coalesce(t.body, ''::bytea)) > 0",
        Long.class,
        secret,
        secret);
  }

  static Map<String, Object> configWithKey(String apiKey) {
    return Map.of(
        "name",
        "keyed",
        "config_data",
        Turns.document("keyed", "provider-echo", Map.of("model", "echo", "api_key", apiKey)));
  }

  @Test
  void shouldKeepNoProviderKeyInClearAndReplayItOnlyWhileTheConfigLives() {
    String canary = "sk-canary-" + UUID.randomUUID();
    String key = "cfg-" + UUID.randomUUID();
    Http keyed = new Http(port).with("X-User-ID", "idem-" + UUID.randomUUID());
    keyed = keyed.with("Idempotency-Key", key);

    Http.Response first = keyed.post("/configs", configWithKey(canary));
    assertThat(first.status()).as(first.toString()).isEqualTo(201);
    assertThat(first.body()).contains(canary); // answered as sent, as the original
    assertThat(rowsHolding(canary)).isZero();
    assertThat(rowsHolding(key)).isZero();

    Http.Response again = keyed.post("/configs", configWithKey(canary));
    assertThat(again.status()).isEqualTo(201);
    assertThat(again.header("Idempotent-Replayed")).isEqualTo("true");
    assertThat(again.body()).isEqualTo(first.body());
    assertThat(again.header("Location")).isEqualTo(first.header("Location"));

    String id = first.json().get("config_id").asText();
    assertThat(keyed.delete("/configs/" + id).status()).isEqualTo(200);
    Http.Response afterDelete = keyed.post("/configs", configWithKey(canary));

    assertProblem(afterDelete, 410, "/problems/gone");
    assertThat(afterDelete.body()).doesNotContain(canary);
    assertThat(afterDelete.header("Idempotent-Replayed")).isEqualTo("true");
    assertThat(keyed.get("/configs").json().get("total").asInt()).isZero();
  }

  @Test
  void shouldKeepNoApplicationKeyInClearAndReplayNothingAfterTheApplicationIsDeleted() {
    Http admin = new Http(port);
    String app = "idem-" + UUID.randomUUID().toString().substring(0, 8);
    Http register = admin.with("Idempotency-Key", "reg-" + UUID.randomUUID());
    Http regenerate = admin.with("Idempotency-Key", "regen-" + UUID.randomUUID());
    Map<String, Object> body = Map.of("app_id", app, "app_name", "Idem " + app);

    Http.Response registered = register.post("/applications", body);
    assertThat(registered.status()).as(registered.toString()).isEqualTo(201);
    String apiKey = registered.json().get("api_key").asText();
    Http.Response regenerated = regenerate.post("/applications/" + app + "/regenerate-key", null);
    assertThat(regenerated.status()).as(regenerated.toString()).isEqualTo(200);
    String newKey = regenerated.json().get("api_key").asText();

    assertThat(rowsHolding(apiKey)).isZero();
    assertThat(rowsHolding(newKey)).isZero();
    Http.Response replayed = regenerate.post("/applications/" + app + "/regenerate-key", null);
    assertThat(replayed.header("Idempotent-Replayed")).isEqualTo("true");
    assertThat(replayed.body()).isEqualTo(regenerated.body());

    assertThat(admin.delete("/applications/" + app).status()).isEqualTo(200);
    Http.Response afterDelete = register.post("/applications", body);
    assertProblem(afterDelete, 410, "/problems/gone");
    assertThat(afterDelete.body()).doesNotContain(apiKey);
    Http.Response regenAfterDelete =
        regenerate.post("/applications/" + app + "/regenerate-key", null);
    assertProblem(regenAfterDelete, 410, "/problems/gone");
    assertThat(regenAfterDelete.body()).doesNotContain(newKey);
  }

  @Test
  void shouldReplayNothingToACallerWhoLostAccess() {
    String ownerId = "owner-" + UUID.randomUUID();
    String editorId = "editor-" + UUID.randomUUID();
    Http owner = new Http(port).with("X-User-ID", ownerId);
    String config =
        owner
            .post("/configs", IdempotencyApiTest.config("shared"))
            .json()
            .get("config_id")
            .asText();
    String session =
        owner.post("/sessions", Map.of("config_id", config)).json().get("session_id").asText();
    owner.post(
        "/sessions/" + session + "/participants", Map.of("user_id", editorId, "role", "editor"));
    Http editor =
        new Http(port)
            .with("X-User-ID", editorId)
            .with("Idempotency-Key", "msg-" + UUID.randomUUID());
    Http.Response reply =
        editor.post("/sessions/" + session + "/messages", Map.of("message", "private words"));
    assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
    assertThat(rowsHolding("private words")).isZero();

    assertThat(owner.delete("/sessions/" + session + "/participants/" + editorId).status())
        .isEqualTo(200);
    Http.Response replayed =
        editor.post("/sessions/" + session + "/messages", Map.of("message", "private words"));

    assertProblem(replayed, 404, "/problems/not-found");
    assertThat(replayed.body()).doesNotContain("private words");
  }
}
