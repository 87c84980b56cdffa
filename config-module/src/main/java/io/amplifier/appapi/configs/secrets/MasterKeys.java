package io.amplifier.appapi.configs.secrets;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * The master keys that wrap per-config data keys: the current one from {@code
 * CONFIG_ENCRYPTION_KEY} (or, for the embedded default, one generated under the data directory,
 * with a warning), and older ones from {@code CONFIG_ENCRYPTION_KEY_PREVIOUS} (comma-separated)
 * that are still accepted until {@code POST /admin/keys/rotate} re-wraps everything. Each key is
 * known by a fingerprint, never by its value.
 */
@Component
public class MasterKeys {

  private static final Logger log = LoggerFactory.getLogger(MasterKeys.class);

  private final String currentId;
  private final Map<String, String> keysById = new LinkedHashMap<>();
  private final String legacySecret;

  MasterKeys(Environment env) {
    String configured = env.getProperty("CONFIG_ENCRYPTION_KEY", "").trim();
    boolean authRequired = Boolean.parseBoolean(env.getProperty("AUTH_REQUIRED", "false").trim());
    String current;
    if (!configured.isEmpty()) {
      current = configured;
    } else if (authRequired) {
      throw new IllegalStateException(
          "AUTH_REQUIRED=true needs CONFIG_ENCRYPTION_KEY; refusing to start without a master key");
    } else {
      current = generatedKey(Path.of(env.getProperty("AMPLIFIER_DATA_DIR", "./data")));
    }
    this.legacySecret = current;
    this.currentId = fingerprint(current);
    keysById.put(currentId, stretched(current));
    for (String previous : env.getProperty("CONFIG_ENCRYPTION_KEY_PREVIOUS", "").split(",")) {
      if (!previous.isBlank() && !keysById.containsKey(fingerprint(previous.trim()))) {
        keysById.put(fingerprint(previous.trim()), stretched(previous.trim()));
      }
    }
  }

  /** PBKDF2-HMAC-SHA256, 210,000 iterations, once per key at start-up: ~0.2 s, then never again. */
  private static String stretched(String key) {
    try {
      javax.crypto.spec.PBEKeySpec spec =
          new javax.crypto.spec.PBEKeySpec(
              key.toCharArray(), "amplifier-master-key".getBytes(StandardCharsets.UTF_8), 210_000, 256);
      byte[] bytes =
          javax.crypto.SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
      return Base64.getEncoder().encodeToString(bytes);
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException("PBKDF2WithHmacSHA256 is missing from this JVM", e);
    }
  }

  String currentId() {
    return currentId;
  }

  /** The current master key, stretched. */
  String current() {
    return keysById.get(currentId);
  }

  Optional<String> byId(String id) {
    return Optional.ofNullable(keysById.get(id));
  }

  List<String> ids() {
    return new ArrayList<>(keysById.keySet());
  }

  /** The secret the original service derived its Fernet key from: the current master key. */
  String legacySecret() {
    return legacySecret;
  }

  static String fingerprint(String key) {
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(hash, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  private static String generatedKey(Path dataDir) {
    Path file = dataDir.resolve("master.key");
    try {
      if (Files.exists(file)) {
        return Files.readString(file, StandardCharsets.UTF_8).trim();
      }
      Files.createDirectories(dataDir);
      byte[] bytes = new byte[32];
      new SecureRandom().nextBytes(bytes);
      String key = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
      Files.writeString(file, key + "\n", StandardCharsets.UTF_8);
      try {
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
      } catch (UnsupportedOperationException ignored) {
        // not a POSIX file system: the file keeps its default permissions
      }
      log.warn(
          "No CONFIG_ENCRYPTION_KEY set: generated a master key in {}. Set CONFIG_ENCRYPTION_KEY"
              + " for any deployment that matters; losing this file loses every secret.",
          file.toAbsolutePath());
      return key;
    } catch (IOException e) {
      throw new UncheckedIOException("Could not read or create the master key " + file, e);
    }
  }
}
