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
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
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

  /** The keys as configured, current first, each once. */
  private final List<String> configuredKeys = new ArrayList<>();

  private final String legacySecret;

  /**
   * The keys after PBKDF2 stretching (about a second of CPU on a cold JVM): made on first use or
   * just after the service is ready ({@link #stretchSoon()}), not while it starts.
   */
  private volatile @Nullable Stretched stretched;

  /** Stretched keys by id, the id of the current one, and the id each legacy id stands for. */
  private record Stretched(
      String currentId, Map<String, String> keysById, Map<String, String> legacyIds) {}

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
    configuredKeys.add(current);
    for (String previous : env.getProperty("CONFIG_ENCRYPTION_KEY_PREVIOUS", "").split(",")) {
      String key = previous.trim();
      if (!key.isEmpty() && !configuredKeys.contains(key)) {
        configuredKeys.add(key);
      }
    }
  }

  private Stretched stretched() {
    Stretched known = stretched;
    if (known != null) {
      return known;
    }
    synchronized (this) {
      if (stretched == null) {
        Map<String, String> keysById = new LinkedHashMap<>();
        Map<String, String> legacyIds = new LinkedHashMap<>();
        for (String key : configuredKeys) {
          String stretchedKey = stretched(key);
          String id = fingerprintOfStretched(stretchedKey);
          keysById.putIfAbsent(id, stretchedKey);
          legacyIds.putIfAbsent(legacyFingerprint(key), id);
        }
        stretched =
            new Stretched(keysById.keySet().iterator().next(), keysById, Map.copyOf(legacyIds));
      }
      return java.util.Objects.requireNonNull(stretched);
    }
  }

  /** Stretches the keys on a background thread once the service is ready to serve. */
  @EventListener(ApplicationReadyEvent.class)
  void stretchSoon() {
    Thread thread = new Thread(this::stretched, "master-key-stretching");
    thread.setDaemon(true);
    thread.start();
  }

  /**
   * PBKDF2-HMAC-SHA256, 210,000 iterations, once per key: ~0.2 s when compiled, then never again.
   */
  private static String stretched(String key) {
    try {
      javax.crypto.spec.PBEKeySpec spec =
          new javax.crypto.spec.PBEKeySpec(
              key.toCharArray(),
              "amplifier-master-key".getBytes(StandardCharsets.UTF_8),
              210_000,
              256);
      byte[] bytes =
          javax.crypto.SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")
              .generateSecret(spec)
              .getEncoded();
      return Base64.getEncoder().encodeToString(bytes);
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException("PBKDF2WithHmacSHA256 is missing from this JVM", e);
    }
  }

  String currentId() {
    return stretched().currentId();
  }

  /** The current master key, stretched. */
  String current() {
    Stretched keys = stretched();
    return java.util.Objects.requireNonNull(
        keys.keysById().get(keys.currentId()), "the current master key is always known");
  }

  /** The stretched key known by {@code id} (also by the fast fingerprints of earlier versions). */
  Optional<String> byId(String id) {
    Stretched keys = stretched();
    String key = keys.keysById().get(id);
    String legacy = keys.legacyIds().get(id);
    if (key == null && legacy != null) {
      key = keys.keysById().get(legacy);
    }
    return Optional.ofNullable(key);
  }

  /** The ids earlier versions stored for the configured keys (a fast hash of each key). */
  List<String> legacyFingerprints() {
    return configuredKeys.stream().map(MasterKeys::legacyFingerprint).toList();
  }

  /** Ids stored by earlier versions (a fast hash of the key) and the id each key has now. */
  Map<String, String> legacyIds() {
    return stretched().legacyIds();
  }

  List<String> ids() {
    return new ArrayList<>(stretched().keysById().keySet());
  }

  /** The secret the original service derived its Fernet key from: the current master key. */
  String legacySecret() {
    return legacySecret;
  }

  /**
   * A key's public id: an HMAC of a fixed label under the key after PBKDF2 stretching, so knowing
   * the id does not make guessing the key any faster than attacking the stretching itself.
   */
  static String fingerprint(String key) {
    return fingerprintOfStretched(stretched(key));
  }

  private static String fingerprintOfStretched(String stretchedKey) {
    try {
      javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
      mac.init(
          new javax.crypto.spec.SecretKeySpec(
              Base64.getDecoder().decode(stretchedKey), "HmacSHA256"));
      byte[] hash = mac.doFinal("amplifier-master-key-id".getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(hash, 0, 8);
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is missing from this JVM", e);
    }
  }

  /** The id earlier versions stored: a plain SHA-256 of the key, kept only to find old rows. */
  static String legacyFingerprint(String key) {
    try {
      byte[] hash =
          MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(hash, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  /** Keys shorter than this many bytes are refused: they can be guessed. */
  static final int MIN_KEY_BYTES = 32;

  /**
   * The dev default key file: made once, atomically (written to a private temporary file, then
   * linked into place, so no reader ever sees a partial key and two starting nodes cannot both
   * win), mode 0600 from birth. The service refuses to start on a key file that is empty, shorter
   * than {@value #MIN_KEY_BYTES} bytes, or readable by group or others.
   */
  private static String generatedKey(Path dataDir) {
    Path file = dataDir.resolve("master.key");
    try {
      if (!Files.exists(file)) {
        create(dataDir, file);
      }
      return readChecked(file);
    } catch (IOException e) {
      throw new UncheckedIOException("Could not read or create the master key " + file, e);
    }
  }

  private static void create(Path dataDir, Path file) throws IOException {
    Files.createDirectories(dataDir);
    byte[] bytes = new byte[32];
    new SecureRandom().nextBytes(bytes);
    String key = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    Path temporary;
    try {
      temporary =
          Files.createTempFile(
              dataDir,
              ".master.key",
              ".tmp",
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    } catch (UnsupportedOperationException e) {
      throw new IllegalStateException(
          "The data directory "
              + dataDir
              + " is not on a POSIX file system; set CONFIG_ENCRYPTION_KEY",
          e);
    }
    try {
      try (java.nio.channels.FileChannel channel =
          java.nio.channels.FileChannel.open(temporary, java.nio.file.StandardOpenOption.WRITE)) {
        channel.write(java.nio.ByteBuffer.wrap((key + "\n").getBytes(StandardCharsets.UTF_8)));
        channel.force(true);
      }
      try {
        Files.createLink(file, temporary);
        log.warn(
            "No CONFIG_ENCRYPTION_KEY set: generated a master key in {}. Set CONFIG_ENCRYPTION_KEY"
                + " for any deployment that matters; losing this file loses every secret.",
            file.toAbsolutePath());
      } catch (java.nio.file.FileAlreadyExistsException lostRace) {
        // another process made it first: use theirs
      }
    } finally {
      Files.deleteIfExists(temporary);
    }
  }

  private static String readChecked(Path file) throws IOException {
    try {
      java.util.Set<java.nio.file.attribute.PosixFilePermission> permissions =
          Files.getPosixFilePermissions(file);
      for (java.nio.file.attribute.PosixFilePermission p : permissions) {
        String name = p.name();
        if (name.startsWith("GROUP_") || name.startsWith("OTHERS_")) {
          throw new IllegalStateException(
              "The master key file "
                  + file
                  + " is accessible to other users ("
                  + PosixFilePermissions.toString(permissions)
                  + "); run chmod 600 on it. Refusing to start");
        }
      }
    } catch (UnsupportedOperationException notPosix) {
      // permissions cannot be checked here
    }
    String key = Files.readString(file, StandardCharsets.UTF_8).trim();
    if (key.getBytes(StandardCharsets.UTF_8).length < MIN_KEY_BYTES) {
      throw new IllegalStateException(
          "The master key file "
              + file
              + " is "
              + (key.isEmpty() ? "empty" : "shorter than " + MIN_KEY_BYTES + " bytes")
              + "; refusing to start (restore it from your backup, or set CONFIG_ENCRYPTION_KEY)");
    }
    return key;
  }
}
