package io.amplifier.appapi.configs.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import io.amplifier.appapi.ApiTest;
import io.amplifier.appapi.Http;
import io.amplifier.appapi.configs.api.ConfigId;
import java.security.SecureRandom;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.mock.env.MockEnvironment;

/**
 * The original service's Fernet values read back in clear, and a master-key rotation that rewrites
 * no event yet leaves everything readable.
 */
@ApiTest
class LegacyAndRotationTest {

  @LocalServerPort int port;
  @Autowired JdbcTemplate jdbc;

  @Test
  void shouldAcceptTheOriginalServicesFernetTokens() {
    byte[] iv = new byte[16];
    new SecureRandom().nextBytes(iv);
    String token =
        Fernet.derivedFrom(ApiTest.MASTER_KEY).encrypt("sk-from-the-python-service", 1_700_000_000L, iv);
    Http owner = new Http(port).with("X-User-ID", "migrated-user");

    Http.Response created =
        owner.post(
            "/configs",
            Map.of("name", "migrated", "config_data", Map.of("bundle", Map.of("name", "m"), "api_key", "enc:" + token)));

    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    assertThat(created.json().get("config_data").get("api_key").asText()).startsWith("enc:jv1:");
    String id = created.json().get("config_id").asText();
    assertThat(owner.get("/configs/" + id + "?decrypt=true").json().get("config_data").get("api_key").asText())
        .isEqualTo("sk-from-the-python-service");
  }

  @Test
  void shouldRefuseAForgedFernetToken() {
    byte[] iv = new byte[16];
    String token = Fernet.derivedFrom("some-other-key").encrypt("x", 1_700_000_000L, iv);
    Http.Response r =
        new Http(port)
            .post("/configs", Map.of("name", "forged", "config_data", Map.of("bundle", Map.of("name", "f"), "api_key", "enc:" + token)));
    assertThat(r.status()).isEqualTo(400);
  }

  @Test
  void shouldRotateTheMasterKeyWithoutTouchingEvents() {
    SecretCipher cipher = new JasyptSecretCipher();
    MasterKeys oldKeys = new MasterKeys(new MockEnvironment().withProperty("CONFIG_ENCRYPTION_KEY", "old-master-key-1"));
    ConfigId config = ConfigId.random();
    String dataKey = new DataKeys(jdbc, cipher, oldKeys).obtain(config, "rotating-user").orElseThrow();
    String sealed = cipher.encrypt("sk-survives-rotation", dataKey);
    long eventsBefore = jdbc.queryForObject("SELECT count(*) FROM domainevententry", Long.class);

    MasterKeys newKeys =
        new MasterKeys(
            new MockEnvironment()
                .withProperty("CONFIG_ENCRYPTION_KEY", "new-master-key-2")
                .withProperty("CONFIG_ENCRYPTION_KEY_PREVIOUS", "old-master-key-1"));
    DataKeys rotated = new DataKeys(jdbc, cipher, newKeys);
    assertThat(rotated.rewrapAll()).isGreaterThanOrEqualTo(1);

    MasterKeys onlyNew = new MasterKeys(new MockEnvironment().withProperty("CONFIG_ENCRYPTION_KEY", "new-master-key-2"));
    String unwrapped = new DataKeys(jdbc, cipher, onlyNew).find(config).orElseThrow();
    assertThat(cipher.decrypt(sealed, unwrapped)).isEqualTo("sk-survives-rotation");
    assertThat(jdbc.queryForObject("SELECT count(*) FROM domainevententry", Long.class)).isEqualTo(eventsBefore);
  }

  @Test
  void shouldOfferRotationToAdminsOnly() {
    Http.Response admin = new Http(port).post("/admin/keys/rotate", null);
    assertThat(admin.status()).isEqualTo(200);
    assertThat(admin.json().get("current_key_id").asText()).hasSize(16);
    assertThat(new Http(port).with("X-User-ID", "plain").post("/admin/keys/rotate", null).status()).isEqualTo(403);
  }
}
