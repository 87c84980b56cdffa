package io.amplifier.appapi.configs.secrets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.amplifier.appapi.configs.api.ConfigId;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * Finds the secrets of a config document and seals or opens them. A value is secret when it is a
 * non-empty string under a key containing {@code api_key}, {@code secret}, {@code password}, {@code
 * token}, {@code credential}, {@code private_key} or {@code access_key} (and, beyond the original's
 * list, {@code api-key}, {@code apikey}, {@code authorization}: header names) (any case, any depth,
 * objects inside arrays too, and the strings of an array under such a key); {@code ${VAR}}
 * references are left alone. Sealed values read {@code enc:jv1:<config id>:<jasypt base64>}, under
 * the config's own data key.
 */
@Component
public class ConfigSecrets {

  static final String OWN_PREFIX = "enc:jv1:";
  private static final String ENC = "enc:";
  private static final List<String> MARKERS =
      List.of(
          "api_key",
          "secret",
          "password",
          "token",
          "credential",
          "private_key",
          "access_key",
          "api-key",
          "apikey",
          "authorization");
  private static final Pattern REFERENCE = Pattern.compile("^\\$\\{[^}]+}$");
  private static final SecureRandom RANDOM = new SecureRandom();

  private final DataKeys dataKeys;
  private final SecretCipher cipher;
  private final MasterKeys masterKeys;
  private volatile @Nullable Fernet legacy;

  ConfigSecrets(DataKeys dataKeys, SecretCipher cipher, MasterKeys masterKeys) {
    this.dataKeys = dataKeys;
    this.cipher = cipher;
    this.masterKeys = masterKeys;
  }

  public static boolean isSecretKey(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    return MARKERS.stream().anyMatch(lower::contains);
  }

  /**
   * A copy of {@code document} with every clear secret encrypted under {@code config}'s data key
   * (made on first need). Values already sealed for this config are kept; values sealed for another
   * config of the same owner, and the original service's Fernet tokens, are re-sealed.
   */
  public ObjectNode seal(ConfigId config, String ownerId, ObjectNode document) {
    ObjectNode copy = document.deepCopy();
    Supplier<String> key =
        memo(
            () ->
                dataKeys
                    .obtain(config, ownerId)
                    .orElseThrow(
                        () ->
                            new SecretRejectedException(
                                "Config " + config + " has no data key any more")));
    walk(copy, "$", (path, value) -> sealOne(config, ownerId, path, value, key));
    return copy;
  }

  /** A copy of {@code document} with every secret it can read in clear; the rest stay sealed. */
  public ObjectNode open(ConfigId config, ObjectNode document) {
    ObjectNode copy = document.deepCopy();
    Supplier<Optional<String>> key = memo(() -> dataKeys.find(config));
    walk(copy, "$", (path, value) -> openOne(config, value, key));
    return copy;
  }

  /**
   * A copy of {@code document} for clients that decrypt locally with the shared {@code
   * CONFIG_ENCRYPTION_KEY} ({@code CONFIG_SECRETS_WIRE_FORMAT=fernet}): each secret sealed for
   * {@code config} becomes {@code enc:<Fernet token>} under the original's key derivation. Opened
   * in memory only; a value this service cannot open is left as it is.
   */
  public ObjectNode asFernet(ConfigId config, ObjectNode document) {
    ObjectNode copy = document.deepCopy();
    Supplier<Optional<String>> key = memo(() -> dataKeys.find(config));
    walk(
        copy,
        "$",
        (path, value) -> {
          String plain = openOne(config, value, key);
          if (plain.equals(value)) {
            return value;
          }
          byte[] iv = new byte[16];
          RANDOM.nextBytes(iv);
          return ENC + legacy().encrypt(plain, System.currentTimeMillis() / 1000, iv);
        });
    return copy;
  }

  /** True when {@code document} holds a secret in clear text. */
  public static boolean hasClearSecrets(ObjectNode document) {
    List<String> clear = new ArrayList<>();
    walk(
        document.deepCopy(),
        "$",
        (path, value) -> {
          if (!value.startsWith(ENC)) {
            clear.add(path);
          }
          return value;
        });
    return !clear.isEmpty();
  }

  private String sealOne(
      ConfigId config, String ownerId, String path, String value, Supplier<String> key) {
    if (value.startsWith(OWN_PREFIX)) {
      String[] parts = value.substring(OWN_PREFIX.length()).split(":", 2);
      if (parts.length == 2) {
        Optional<ConfigId> origin = parseId(parts[0]);
        if (origin.isPresent() && origin.get().equals(config)) {
          readable(() -> cipher.decrypt(parts[1], key.get()), path);
          return value;
        }
        if (origin.isPresent()
            && dataKeys.ownerOf(origin.get()).filter(ownerId::equals).isPresent()) {
          Optional<String> originKey = dataKeys.find(origin.get());
          if (originKey.isPresent()) {
            String plain = readable(() -> cipher.decrypt(parts[1], originKey.get()), path);
            return seal(config, plain, key);
          }
        }
      }
      throw unreadable(path);
    }
    if (value.startsWith(ENC)) {
      String token = value.substring(ENC.length());
      if (Fernet.looksLikeToken(token)) {
        String plain = readable(() -> legacy().decrypt(token), path);
        return seal(config, plain, key);
      }
      throw unreadable(path);
    }
    return seal(config, value, key);
  }

  private String seal(ConfigId config, String plain, Supplier<String> key) {
    return OWN_PREFIX + config + ":" + cipher.encrypt(plain, key.get());
  }

  private String openOne(ConfigId config, String value, Supplier<Optional<String>> key) {
    String prefix = OWN_PREFIX + config + ":";
    if (!value.startsWith(prefix) || key.get().isEmpty()) {
      return value;
    }
    try {
      return cipher.decrypt(value.substring(prefix.length()), key.get().get());
    } catch (IllegalArgumentException e) {
      return value;
    }
  }

  private Fernet legacy() {
    Fernet current = legacy;
    if (current == null) {
      current = Fernet.derivedFrom(masterKeys.legacySecret());
      legacy = current;
    }
    return current;
  }

  private static String readable(Supplier<String> decryption, String path) {
    try {
      return decryption.get();
    } catch (IllegalArgumentException e) {
      throw unreadable(path);
    }
  }

  private static SecretRejectedException unreadable(String path) {
    return new SecretRejectedException(
        "Config validation error: "
            + path
            + ": encrypted value cannot be decrypted by this service");
  }

  private static Optional<ConfigId> parseId(String text) {
    try {
      return Optional.of(ConfigId.parse(text));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /** Transforms a secret string value found at a JSON path. */
  private interface SecretVisitor {
    String visit(String path, String value);
  }

  private static void walk(JsonNode node, String path, SecretVisitor visitor) {
    if (node instanceof ObjectNode object) {
      List<Map.Entry<String, JsonNode>> fields = new ArrayList<>();
      object.fields().forEachRemaining(fields::add);
      for (Map.Entry<String, JsonNode> field : fields) {
        String childPath = path + "." + field.getKey();
        JsonNode child = field.getValue();
        boolean secret = isSecretKey(field.getKey());
        if (secret && child.isTextual() && isSealable(child.asText())) {
          object.set(field.getKey(), TextNode.valueOf(visitor.visit(childPath, child.asText())));
        } else if (secret && child instanceof ArrayNode array) {
          for (int i = 0; i < array.size(); i++) {
            JsonNode item = array.get(i);
            if (item.isTextual() && isSealable(item.asText())) {
              array.set(
                  i, TextNode.valueOf(visitor.visit(childPath + "[" + i + "]", item.asText())));
            } else {
              walk(item, childPath + "[" + i + "]", visitor);
            }
          }
        } else {
          walk(child, childPath, visitor);
        }
      }
    } else if (node instanceof ArrayNode array) {
      for (int i = 0; i < array.size(); i++) {
        walk(array.get(i), path + "[" + i + "]", visitor);
      }
    }
  }

  private static boolean isSealable(String value) {
    return !value.isEmpty() && !REFERENCE.matcher(value).matches();
  }

  private static <T> Supplier<T> memo(Supplier<T> supplier) {
    return new Supplier<>() {
      private @Nullable T value;

      @Override
      public T get() {
        if (value == null) {
          value = supplier.get();
        }
        return value;
      }
    };
  }
}
