package io.amplifier.appapi.configs.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.amplifier.appapi.configs.api.ConfigId;
import io.amplifier.appapi.testing.ModuleDatabase;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.mock.env.MockEnvironment;

/**
 * Sealing with per-config data keys in the real {@code config_data_keys} table: new values in the
 * v2 (AES-GCM) form, values sealed the old way (jasypt) kept and still opened, an altered sealed
 * value refused naming its path, and nothing opened once the config's key is shredded.
 */
class SealingTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final JdbcTemplate jdbc = ModuleDatabase.migrated("configs");
  private final MasterKeys keys =
      new MasterKeys(new MockEnvironment().withProperty("CONFIG_ENCRYPTION_KEY", "sealing-key"));
  private final AesGcmSecretCipher cipher = new AesGcmSecretCipher();
  private final DataKeys dataKeys = new DataKeys(jdbc, cipher, keys);
  private final ConfigSecrets secrets = new ConfigSecrets(dataKeys, cipher, keys);
  private final ConfigId config = new ConfigId(UUID.randomUUID());
  private final String owner = "owner-" + UUID.randomUUID();

  private static ObjectNode document(String apiKey) {
    return JSON.valueToTree(Map.of("bundle", Map.of("name", "s"), "api_key", apiKey));
  }

  private String sealedApiKey(String plain) {
    return secrets.seal(config, owner, document(plain)).get("api_key").asText();
  }

  @Test
  void shouldSealANewValueInTheV2FormAndOpenIt() {
    String sealed = sealedApiKey("sk-new-format");

    assertThat(sealed).startsWith("enc:jv1:" + config + ":v2:").doesNotContain("sk-new-format");
    assertThat(secrets.open(config, document(sealed)).get("api_key").asText())
        .isEqualTo("sk-new-format");
    assertThat(sealedApiKey("sk-new-format")).as("a random nonce per value").isNotEqualTo(sealed);
  }

  @Test
  void shouldKeepAndOpenAValueSealedTheOldWay() {
    sealedApiKey("sk-placeholder");
    String dataKey = dataKeys.find(config).orElseThrow();
    String old =
        "enc:jv1:" + config + ":" + new JasyptSecretCipher().encrypt("sk-sealed-before", dataKey);

    ObjectNode kept = secrets.sealExisting(config, owner, document(old));

    assertThat(kept.get("api_key").asText()).as("an old value is kept as it is").isEqualTo(old);
    assertThat(secrets.open(config, kept).get("api_key").asText()).isEqualTo("sk-sealed-before");
  }

  @Test
  void shouldRefuseATamperedSealedValueNamingItsPath() {
    String sealed = sealedApiKey("sk-do-not-leak");
    String prefix = "enc:jv1:" + config + ":v2:";
    byte[] bytes = Base64.getDecoder().decode(sealed.substring(prefix.length()));
    bytes[bytes.length - 1] ^= 0x01;
    String tampered = prefix + Base64.getEncoder().encodeToString(bytes);

    assertThatThrownBy(() -> secrets.sealExisting(config, owner, document(tampered)))
        .isInstanceOf(SecretRejectedException.class)
        .hasMessageContaining("$.api_key")
        .hasMessageNotContaining("sk-do-not-leak");
  }

  @Test
  void shouldOpenNothingOnceTheConfigsKeyIsShredded() {
    String sealed = sealedApiKey("sk-shredded-v2");

    new DataKeyShredder(dataKeys, keys).shred(config);

    assertThat(dataKeys.find(config)).isEmpty();
    assertThat(secrets.open(config, document(sealed)).get("api_key").asText())
        .as("left sealed")
        .isEqualTo(sealed);
    assertThatThrownBy(() -> secrets.sealExisting(config, owner, document("sk-again")))
        .isInstanceOf(SecretRejectedException.class);
  }
}
