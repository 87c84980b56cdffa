package io.amplifier.appapi.configs.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import io.amplifier.appapi.ApiTest;
import io.amplifier.appapi.Http;
import io.amplifier.appapi.configs.api.ConfigId;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
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
  @Autowired DataSource dataSource;

  @Test
  void shouldAcceptTheOriginalServicesFernetTokens() {
    byte[] iv = new byte[16];
    new SecureRandom().nextBytes(iv);
    String token =
        Fernet.derivedFrom(ApiTest.MASTER_KEY)
            .encrypt("sk-from-the-python-service", 1_700_000_000L, iv);
    Http owner = new Http(port).with("X-User-ID", "migrated-user");

    Http.Response created =
        owner.post(
            "/configs",
            Map.of(
                "name",
                "migrated",
                "config_data",
                Map.of("bundle", Map.of("name", "m"), "api_key", "enc:" + token)));

    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    assertThat(created.json().get("config_data").get("api_key").asText()).isEqualTo("enc:" + token);
    String id = created.json().get("config_id").asText();
    assertThat(owner.get("/configs/" + id).json().get("config_data").get("api_key").asText())
        .startsWith("enc:jv1:");
    assertThat(
            owner
                .get("/configs/" + id + "?decrypt=true")
                .json()
                .get("config_data")
                .get("api_key")
                .asText())
        .isEqualTo("sk-from-the-python-service");
  }

  @Test
  void shouldRefuseAForgedFernetToken() {
    byte[] iv = new byte[16];
    String token = Fernet.derivedFrom("some-other-key").encrypt("x", 1_700_000_000L, iv);
    Http.Response r =
        new Http(port)
            .post(
                "/configs",
                Map.of(
                    "name",
                    "forged",
                    "config_data",
                    Map.of("bundle", Map.of("name", "f"), "api_key", "enc:" + token)));
    assertThat(r.status()).isEqualTo(400);
  }

  @Test
  void shouldRotateTheMasterKeyWithoutTouchingEvents() {
    SecretCipher cipher = new AesGcmSecretCipher();
    MasterKeys oldKeys =
        new MasterKeys(
            new MockEnvironment().withProperty("CONFIG_ENCRYPTION_KEY", "old-master-key-1"));
    ConfigId config = ConfigId.random();
    String dataKey =
        new DataKeys(jdbc, cipher, oldKeys).obtain(config, "rotating-user").orElseThrow();
    String sealed = cipher.encrypt("sk-survives-rotation", dataKey);
    long eventsBefore = jdbc.queryForObject("SELECT count(*) FROM domainevententry", Long.class);

    MasterKeys newKeys =
        new MasterKeys(
            new MockEnvironment()
                .withProperty("CONFIG_ENCRYPTION_KEY", "new-master-key-2")
                .withProperty("CONFIG_ENCRYPTION_KEY_PREVIOUS", "old-master-key-1"));
    DataKeys rotated = new DataKeys(jdbc, cipher, newKeys);
    assertThat(rotated.rewrapAll()).isGreaterThanOrEqualTo(1);

    MasterKeys onlyNew =
        new MasterKeys(
            new MockEnvironment().withProperty("CONFIG_ENCRYPTION_KEY", "new-master-key-2"));
    String unwrapped = new DataKeys(jdbc, cipher, onlyNew).find(config).orElseThrow();
    assertThat(cipher.decrypt(sealed, unwrapped)).isEqualTo("sk-survives-rotation");
    assertThat(jdbc.queryForObject("SELECT count(*) FROM domainevententry", Long.class))
        .isEqualTo(eventsBefore);
  }

  @Test
  void shouldNotWriteBackAKeyShreddedWhileTheRotationRan() throws Exception {
    SecretCipher cipher = new AesGcmSecretCipher();
    MasterKeys oldKeys =
        new MasterKeys(
            new MockEnvironment().withProperty("CONFIG_ENCRYPTION_KEY", "old-master-key-race"));
    ConfigId config = ConfigId.random();
    new DataKeys(jdbc, cipher, oldKeys).obtain(config, "racing-user").orElseThrow();
    MasterKeys newKeys =
        new MasterKeys(
            new MockEnvironment()
                .withProperty("CONFIG_ENCRYPTION_KEY", "new-master-key-race")
                .withProperty("CONFIG_ENCRYPTION_KEY_PREVIOUS", "old-master-key-race"));

    try (Connection shredder = dataSource.getConnection()) {
      shredder.setAutoCommit(false);
      try (PreparedStatement shred =
          shredder.prepareStatement(
              "UPDATE config_data_keys SET wrapped_key = NULL, master_key_id = NULL, destroyed_at = now()"
                  + " WHERE config_id = ?")) {
        shred.setObject(1, config.value());
        assertThat(shred.executeUpdate()).isEqualTo(1);
      }
      // The rotation reads the key (the shred is not committed yet), then waits on the row lock.
      CompletableFuture<Integer> rotation =
          CompletableFuture.supplyAsync(() -> new DataKeys(jdbc, cipher, newKeys).rewrapAll());
      for (int i = 0; i < 200 && !rotationWaitsOnALock(); i++) {
        Thread.sleep(25);
      }
      assertThat(rotationWaitsOnALock()).isTrue();
      shredder.commit();
      rotation.get(10, TimeUnit.SECONDS);
    }

    assertThat(
            jdbc.queryForObject(
                "SELECT wrapped_key IS NULL FROM config_data_keys WHERE config_id = ?",
                Boolean.class,
                config.value()))
        .as("a shredded key stays shredded")
        .isTrue();
  }

  private boolean rotationWaitsOnALock() {
    return jdbc.queryForObject(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'"
                + " AND query LIKE 'UPDATE config_data_keys SET wrapped_key%'",
            Long.class)
        > 0;
  }

  @Test
  void shouldOfferRotationToAdminsOnly() {
    Http.Response admin = new Http(port).post("/admin/keys/rotate", null);
    assertThat(admin.status()).isEqualTo(200);
    assertThat(admin.json().get("current_key_id").asText()).hasSize(16);
    assertThat(new Http(port).with("X-User-ID", "plain").post("/admin/keys/rotate", null).status())
        .isEqualTo(403);
  }
}
