package io.amplifier.appapi.configs.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.amplifier.appapi.ApiTest;
import io.amplifier.appapi.Http;
import io.amplifier.appapi.sessions.Turns;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

/**
 * {@code CONFIG_SECRETS_WIRE_FORMAT=fernet}: a client holding the shared {@code
 * CONFIG_ENCRYPTION_KEY} decrypts {@code GET ?decrypt=false} locally, as with the original; what is
 * stored stays envelope-encrypted, and a token sent back is read.
 */
@ApiTest
@TestPropertySource(properties = "CONFIG_SECRETS_WIRE_FORMAT=fernet")
class FernetWireFormatTest {

  @LocalServerPort int port;

  @Test
  void shouldAnswerSecretsAsTokensTheOriginalsClientsDecrypt() {
    Http owner = new Http(port).with("X-User-ID", "fernet-" + UUID.randomUUID());
    Map<String, Object> data =
        Turns.document("f", "provider-echo", Map.of("api_key", "sk-fernet-1234"));
    String id =
        owner
            .post("/configs", Map.of("name", "f", "config_data", data))
            .json()
            .get("config_id")
            .asText();

    JsonNode read = owner.get("/configs/" + id + "?decrypt=false").json();

    String value = read.at("/config_data/providers/0/config/api_key").asText();
    assertThat(value).startsWith("enc:gAAAAA").doesNotContain("sk-fernet-1234");
    assertThat(read.get("encrypted").asBoolean()).isTrue();
    Fernet clientSide = Fernet.derivedFrom(ApiTest.MASTER_KEY);
    assertThat(clientSide.decrypt(value.substring("enc:".length()))).isEqualTo("sk-fernet-1234");

    Http.Response sentBack =
        owner.put("/configs/" + id, Map.of("config_data", read.get("config_data")));

    assertThat(sentBack.status()).as(sentBack.toString()).isEqualTo(200);
    assertThat(
            owner
                .get("/configs/" + id + "?decrypt=true")
                .json()
                .at("/config_data/providers/0/config/api_key")
                .asText())
        .isEqualTo("sk-fernet-1234");
    assertThat(owner.post("/sessions", Map.of("config_id", id)).status()).isEqualTo(201);
  }
}
