package io.amplifier.appapi.configs.secrets;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.mock.env.MockEnvironment;

/**
 * The module's sealing as the application wires it (AES-GCM values under per-config data keys in
 * the real {@code config_data_keys} table, wrapped under a master key), for tests of other
 * packages.
 */
public final class TestSecrets {

  private final ConfigSecrets secrets;
  private final DataKeyShredder shredder;

  private TestSecrets(JdbcTemplate jdbc, String masterKey) {
    MasterKeys keys =
        new MasterKeys(new MockEnvironment().withProperty("CONFIG_ENCRYPTION_KEY", masterKey));
    AesGcmSecretCipher cipher = new AesGcmSecretCipher();
    DataKeys dataKeys = new DataKeys(jdbc, cipher, keys);
    this.secrets = new ConfigSecrets(dataKeys, cipher, keys);
    this.shredder = new DataKeyShredder(dataKeys, keys);
  }

  /** Sealing on {@code jdbc}'s database (with the configs migrations) under {@code masterKey}. */
  public static TestSecrets on(JdbcTemplate jdbc, String masterKey) {
    return new TestSecrets(jdbc, masterKey);
  }

  public ConfigSecrets secrets() {
    return secrets;
  }

  public DataKeyShredder shredder() {
    return shredder;
  }
}
