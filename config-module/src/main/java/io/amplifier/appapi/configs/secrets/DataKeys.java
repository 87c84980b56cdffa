package io.amplifier.appapi.configs.secrets;

import io.amplifier.appapi.configs.api.ConfigId;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * One random data key per config, kept outside the event store in {@code config_data_keys}, wrapped
 * (encrypted) by a master key. Writes join the caller's transaction, so a config and its key are
 * created together. Destroying a key is crypto-shredding: the config's old secrets, which stay in
 * its events forever, can no longer be read.
 */
@Component
class DataKeys {

  private static final SecureRandom RANDOM = new SecureRandom();

  private final JdbcTemplate jdbc;
  private final SecretCipher cipher;
  private final MasterKeys masterKeys;

  /**
   * Unwrapped keys by config and wrapped form. The row is still read on every use, so a destroyed
   * key (its row cleared) is gone at once on every node; only the slow unwrap is remembered.
   */
  private final Map<String, String> unwrapped = new java.util.concurrent.ConcurrentHashMap<>();

  DataKeys(JdbcTemplate jdbc, SecretCipher cipher, MasterKeys masterKeys) {
    this.jdbc = jdbc;
    this.cipher = cipher;
    this.masterKeys = masterKeys;
  }

  /**
   * The key of {@code config}, made now if it has none; empty once destroyed. A new config (the
   * common case) costs one statement: the insert, which returns nothing when a row (a key, or a
   * destroyed one) is already there.
   */
  Optional<String> obtain(ConfigId config, String ownerId) {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    String key = Base64.getEncoder().encodeToString(bytes);
    String wrapped = cipher.wrap(key, masterKeys.current());
    boolean made =
        !jdbc.queryForList(
                "INSERT INTO config_data_keys (config_id, owner_id, wrapped_key, master_key_id,"
                    + " created_at) VALUES (?, ?, ?, ?, now()) ON CONFLICT (config_id) DO NOTHING"
                    + " RETURNING 1",
                Integer.class,
                config.value(),
                ownerId,
                wrapped,
                masterKeys.currentId())
            .isEmpty();
    if (made) {
      remember(config + "|" + wrapped, key);
      return Optional.of(key);
    }
    return find(config);
  }

  /**
   * The key of a config that exists: read first (one query, the unwrap remembered), made only when
   * the config never had one (a config from before data keys); empty once destroyed.
   */
  Optional<String> existing(ConfigId config, String ownerId) {
    Optional<String> found = find(config);
    return found.isPresent() ? found : obtain(config, ownerId);
  }

  Optional<String> find(ConfigId config) {
    List<Map<String, Object>> rows =
        jdbc.queryForList(
            "SELECT wrapped_key, master_key_id FROM config_data_keys"
                + " WHERE config_id = ? AND wrapped_key IS NOT NULL",
            config.value());
    if (rows.isEmpty()) {
      return Optional.empty();
    }
    String wrapped = (String) java.util.Objects.requireNonNull(rows.get(0).get("wrapped_key"));
    String master =
        masterKeys
            .byId((String) java.util.Objects.requireNonNull(rows.get(0).get("master_key_id")))
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "The data key of config "
                            + config
                            + " is wrapped by a master key this service does not have; set"
                            + " CONFIG_ENCRYPTION_KEY_PREVIOUS"));
    String cacheKey = config + "|" + wrapped;
    String known = unwrapped.get(cacheKey);
    if (known != null) {
      return Optional.of(known);
    }
    String key = cipher.unwrap(wrapped, master);
    remember(cacheKey, key);
    return Optional.of(key);
  }

  private void remember(String cacheKey, String key) {
    if (unwrapped.size() > 10_000) {
      unwrapped.clear();
    }
    unwrapped.put(cacheKey, key);
  }

  /**
   * The owner of the config a data key belongs to, so a copied ciphertext is only re-keyed for
   * them.
   */
  Optional<String> ownerOf(ConfigId config) {
    return jdbc
        .queryForList(
            "SELECT owner_id FROM config_data_keys WHERE config_id = ?",
            String.class,
            config.value())
        .stream()
        .findFirst();
  }

  void destroy(ConfigId config) {
    jdbc.update(
        "UPDATE config_data_keys SET wrapped_key = NULL, master_key_id = NULL, destroyed_at = now()"
            + " WHERE config_id = ?",
        config.value());
  }

  /** Re-wraps every live data key with the current master key; answers how many changed. */
  int rewrapAll() {
    int changed = 0;
    for (Map<String, Object> row :
        jdbc.queryForList(
            "SELECT config_id, wrapped_key, master_key_id FROM config_data_keys"
                + " WHERE wrapped_key IS NOT NULL AND master_key_id <> ?",
            masterKeys.currentId())) {
      String oldMaster =
          masterKeys
              .byId((String) java.util.Objects.requireNonNull(row.get("master_key_id")))
              .orElse(null);
      if (oldMaster == null) {
        continue;
      }
      String key =
          cipher.unwrap(
              (String) java.util.Objects.requireNonNull(row.get("wrapped_key")), oldMaster);
      // Compare-and-set: a key shredded (or re-wrapped) since it was read stays as it now is.
      changed +=
          jdbc.update(
              "UPDATE config_data_keys SET wrapped_key = ?, master_key_id = ?"
                  + " WHERE config_id = ? AND wrapped_key = ? AND master_key_id = ?",
              cipher.wrap(key, masterKeys.current()),
              masterKeys.currentId(),
              row.get("config_id"),
              row.get("wrapped_key"),
              row.get("master_key_id"));
    }
    return changed;
  }

  /** Rows stored by earlier versions name their master key by a fast hash; give them the new id. */
  @org.springframework.context.event.EventListener(
      org.springframework.boot.context.event.ApplicationReadyEvent.class)
  void relabelLegacyMasterKeyIds() {
    // the stretched ids cost PBKDF2: only asked for when a row still carries a legacy id
    for (String legacy : masterKeys.legacyFingerprints()) {
      if (jdbc.queryForList(
              "SELECT 1 FROM config_data_keys WHERE master_key_id = ? LIMIT 1",
              Integer.class,
              legacy)
          .isEmpty()) {
        continue;
      }
      String current = masterKeys.legacyIds().get(legacy);
      if (current != null) {
        jdbc.update(
            "UPDATE config_data_keys SET master_key_id = ? WHERE master_key_id = ?",
            current,
            legacy);
      }
    }
  }

  /** How many live keys each master key wraps. */
  Map<String, Long> countByMasterKey() {
    Map<String, Long> counts = new java.util.LinkedHashMap<>();
    jdbc.query(
        "SELECT master_key_id, count(*) AS n FROM config_data_keys WHERE wrapped_key IS NOT NULL"
            + " GROUP BY master_key_id ORDER BY master_key_id",
        rs -> {
          counts.put(rs.getString("master_key_id"), rs.getLong("n"));
        });
    return counts;
  }
}
