package io.amplifier.appapi.configs;

import static io.amplifier.appapi.configs.ConfigApiTest.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.amplifier.appapi.ApiTest;
import io.amplifier.appapi.Http;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Secrets are found by name at any depth, sealed before any event, shown in clear to the owner
 * only.
 */
@ApiTest
class ConfigSecretsTest {

  @LocalServerPort int port;
  @Autowired JdbcTemplate jdbc;
  Http owner;

  @BeforeEach
  void setUp() {
    owner = new Http(port).with("X-User-ID", "secret-owner-" + UUID.randomUUID());
  }

  JsonNode createWith(Map<String, Object> extra) {
    Map<String, Object> data = new java.util.HashMap<>(Map.of("bundle", Map.of("name", "s")));
    data.putAll(extra);
    Http.Response r = owner.post("/configs", Map.of("name", "secrets", "config_data", data));
    assertThat(r.status()).as(r.toString()).isEqualTo(201);
    // the create answer holds the document as sent (as the original); the stored form is read back
    return owner.get("/configs/" + r.json().get("config_id").asText()).json();
  }

  static void assertSealed(JsonNode value) {
    assertThat(value.asText()).startsWith("enc:jv1:");
  }

  @Test
  void everyMarkerInAKeyNameMakesASecret() {
    for (String key :
        List.of(
            "api_key",
            "client_secret",
            "db_password",
            "auth_token",
            "credentials",
            "ssh_private_key",
            "aws_access_key_id")) {
      JsonNode data =
          createWith(Map.of("settings", Map.of(key, "plain-" + key))).get("config_data");
      assertSealed(data.get("settings").get(key));
    }
  }

  @Test
  void markersMatchInAnyCase() {
    JsonNode data = createWith(Map.of("OpenAI_API_KEY", "v1", "Password", "v2")).get("config_data");
    assertSealed(data.get("OpenAI_API_KEY"));
    assertSealed(data.get("Password"));
  }

  @Test
  void secretsAreFoundAtAnyDepthAndInsideArraysOfObjects() {
    JsonNode data =
        createWith(
                Map.of(
                    "providers",
                    List.of(
                        Map.of(
                            "module",
                            "provider-openai",
                            "config",
                            Map.of("api_key", "sk-1", "model", "gpt")),
                        Map.of(
                            "module",
                            "provider-anthropic",
                            "config",
                            Map.of("nested", Map.of("token", "t-2"))))))
            .get("config_data");
    assertSealed(data.get("providers").get(0).get("config").get("api_key"));
    assertThat(data.get("providers").get(0).get("config").get("model").asText()).isEqualTo("gpt");
    assertSealed(data.get("providers").get(1).get("config").get("nested").get("token"));
  }

  @Test
  void stringsInAnArrayUnderASecretKeyAreSecrets() {
    JsonNode data = createWith(Map.of("api_keys", List.of("k1", "k2"))).get("config_data");
    assertSealed(data.get("api_keys").get(0));
    assertSealed(data.get("api_keys").get(1));
  }

  @Test
  void referencesEmptyStringsAndNonStringsStayAsTheyAre() {
    JsonNode data =
        createWith(
                Map.of(
                    "api_key",
                    "${OPENAI_API_KEY}",
                    "secret",
                    "",
                    "token",
                    42,
                    "password_hint",
                    true))
            .get("config_data");
    assertThat(data.get("api_key").asText()).isEqualTo("${OPENAI_API_KEY}");
    assertThat(data.get("secret").asText()).isEmpty();
    assertThat(data.get("token").asInt()).isEqualTo(42);
    assertThat(data.get("password_hint").asBoolean()).isTrue();
  }

  @Test
  void nonSecretKeysStayInClear() {
    JsonNode data = createWith(Map.of("model", "gpt-4o", "temperature", 0.2)).get("config_data");
    assertThat(data.get("model").asText()).isEqualTo("gpt-4o");
  }

  @Test
  void theOwnerReadsSecretsInClearAndEveryDecryptIsRecorded() {
    JsonNode created = createWith(Map.of("api_key", "sk-live-123"));
    String id = created.get("config_id").asText();
    assertThat(created.get("encrypted").asBoolean()).isTrue();

    Http.Response sealed = owner.get("/configs/" + id);
    assertSealed(sealed.json().get("config_data").get("api_key"));
    Http.Response clear = owner.get("/configs/" + id + "?decrypt=true");

    assertThat(clear.json().get("config_data").get("api_key").asText()).isEqualTo("sk-live-123");
    assertThat(clear.json().get("encrypted").asBoolean()).isFalse();
    assertThat(clear.header("ETag")).isEqualTo(sealed.header("ETag"));
    JsonNode events = owner.get("/configs/" + id + "/history").json().get("events");
    JsonNode reveal = events.get(events.size() - 1);
    assertThat(reveal.get("event_type").asText()).isEqualTo("ConfigSecretsRevealedEvent");
    assertThat(reveal.get("user_id").asText()).isEqualTo(created.get("user_id").asText());
  }

  @Test
  void sealedValuesSurviveARoundTripAndCanBeCopiedByTheirOwner() {
    JsonNode created = createWith(Map.of("api_key", "sk-round-trip"));
    String id = created.get("config_id").asText();
    JsonNode data = owner.get("/configs/" + id).json().get("config_data");

    assertThat(
            owner
                .put("/configs/" + id, Map.of("config_data", data, "description", "touched"))
                .status())
        .isEqualTo(200);
    assertThat(
            owner
                .get("/configs/" + id + "?decrypt=true")
                .json()
                .get("config_data")
                .get("api_key")
                .asText())
        .isEqualTo("sk-round-trip");

    Http.Response copy = owner.post("/configs", Map.of("name", "copy", "config_data", data));
    assertThat(copy.status()).isEqualTo(201);
    String copyId = copy.json().get("config_id").asText();
    assertThat(owner.get("/configs/" + copyId).json().get("config_data").get("api_key").asText())
        .contains(copyId);
    assertThat(
            owner
                .get("/configs/" + copyId + "?decrypt=true")
                .json()
                .get("config_data")
                .get("api_key")
                .asText())
        .isEqualTo("sk-round-trip");

    Http thief = new Http(port).with("X-User-ID", "thief");
    Http.Response stolen = thief.post("/configs", Map.of("name", "stolen", "config_data", data));
    assertProblem(stolen, 400, "/problems/config-validation");
    assertThat(stolen.json().get("detail").asText()).contains("$.api_key");
  }

  @Test
  void garbageThatLooksEncryptedIsRefused() {
    Map<String, Object> data = Map.of("bundle", Map.of("name", "g"), "api_key", "enc:not-really");
    Http.Response r = owner.post("/configs", Map.of("name", "garbage", "config_data", data));
    assertProblem(r, 400, "/problems/config-validation");
    assertThat(r.json().get("detail").asText()).contains("$.api_key");
  }

  @Test
  void deletingAConfigShredsItsKeyButKeepsItsHistory() {
    JsonNode created = createWith(Map.of("api_key", "sk-to-shred"));
    String id = created.get("config_id").asText();

    owner.delete("/configs/" + id);

    Map<String, Object> key =
        jdbc.queryForMap(
            "SELECT wrapped_key, destroyed_at FROM config_data_keys WHERE config_id = ?::uuid", id);
    assertThat(key.get("wrapped_key")).isNull();
    assertThat(key.get("destroyed_at")).isNotNull();
    assertThat(owner.get("/configs/" + id + "/history").json().get("events").size()).isEqualTo(2);
  }

  @Test
  void noSecretIsStoredInClearAnywhereInTheDatabase() {
    String plaintext = "sk-scan-" + UUID.randomUUID();
    JsonNode created =
        createWith(
            Map.of(
                "providers",
                List.of(
                    Map.of("module", "provider-openai", "config", Map.of("api_key", plaintext)))));
    String id = created.get("config_id").asText();
    owner.put(
        "/configs/" + id,
        Map.of(
            "description",
            "updated",
            "providers",
            List.of(Map.of("module", "provider-openai", "config", Map.of("api_key", plaintext)))));
    owner.get("/configs/" + id + "?decrypt=true");
    assertThat(owner.get("/configs/" + id).body()).doesNotContain(plaintext);
    assertThat(owner.get("/configs/" + id + "?version=1").body()).doesNotContain(plaintext);
    assertThat(owner.get("/configs").body()).doesNotContain(plaintext);

    List<Map<String, Object>> columns =
        jdbc.queryForList(
            "SELECT table_name, column_name, data_type FROM information_schema.columns"
                + " WHERE table_schema = 'public'");
    assertThat(columns).isNotEmpty();
    for (Map<String, Object> column : columns) {
      String table = (String) column.get("table_name");
      String name = (String) column.get("column_name");
      String condition =
          "bytea".equals(column.get("data_type"))
              ? "position(convert_to(?, 'UTF8') IN \"" + name + "\") > 0"
              : "\"" + name + "\"::text LIKE '%' || ? || '%'";
      Long hits =
          jdbc.queryForObject(
              "SELECT count(*) FROM \"" + table + "\" WHERE " + condition, Long.class, plaintext);
      assertThat(hits).as(table + "." + name).isZero();
    }
  }
}
