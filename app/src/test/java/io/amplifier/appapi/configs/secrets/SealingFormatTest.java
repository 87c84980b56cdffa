package io.amplifier.appapi.configs.secrets;

import static io.amplifier.appapi.configs.ConfigApiTest.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.amplifier.appapi.ApiTest;
import io.amplifier.appapi.Http;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Over HTTP: a config answers its secrets in the sealed v2 (AES-GCM) form and opens them on {@code
 * ?decrypt=true}, and an altered sealed value is refused as a validation problem that names the
 * field. Old (jasypt) values, shredding and the rest of sealing are config-module's {@code
 * SealingTest} and {@code AgentConfigEventStoreTest}.
 */
@ApiTest
class SealingFormatTest {

  @LocalServerPort int port;
  Http owner;

  @BeforeEach
  void setUp() {
    owner = new Http(port).with("X-User-ID", "sealing-owner-" + UUID.randomUUID());
  }

  private String create(String apiKey) {
    Http.Response r =
        owner.post(
            "/configs",
            Map.of(
                "name",
                "sealing",
                "config_data",
                Map.of("bundle", Map.of("name", "s"), "api_key", apiKey)));
    assertThat(r.status()).as(r.toString()).isEqualTo(201);
    return r.json().get("config_id").asText();
  }

  private String openedApiKey(String id) {
    Http.Response r = owner.get("/configs/" + id + "?decrypt=true");
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    return r.json().get("config_data").get("api_key").asText();
  }

  @Test
  void shouldSealANewValueInTheV2FormAndOpenIt() {
    String id = create("sk-new-format");

    String sealed = owner.get("/configs/" + id).json().get("config_data").get("api_key").asText();

    assertThat(sealed).startsWith("enc:jv1:" + id + ":v2:").doesNotContain("sk-new-format");
    assertThat(openedApiKey(id)).isEqualTo("sk-new-format");
  }

  @Test
  void shouldRefuseATamperedSealedValueNamingTheField() {
    String id = create("sk-do-not-leak");
    JsonNode data = owner.get("/configs/" + id).json().get("config_data");
    String sealed = data.get("api_key").asText();
    String prefix = "enc:jv1:" + id + ":v2:";
    byte[] bytes = Base64.getDecoder().decode(sealed.substring(prefix.length()));
    bytes[bytes.length - 1] ^= 0x01;
    ((ObjectNode) data).put("api_key", prefix + Base64.getEncoder().encodeToString(bytes));

    Http.Response put = owner.put("/configs/" + id, Map.of("config_data", data));

    assertProblem(put, 400, "/problems/config-validation");
    assertThat(put.json().get("detail").asText()).contains("$.api_key");
    assertThat(put.body()).doesNotContain("sk-do-not-leak");
    assertThat(openedApiKey(id)).as("the stored value is untouched").isEqualTo("sk-do-not-leak");
  }
}
