package io.amplifier.appapi.configs.secrets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.amplifier.appapi.configs.api.ConfigId;
import io.amplifier.appapi.configs.api.SecretNames;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * Finds the secrets of a config document and seals or opens them. A value is secret when it is a
 * non-empty string under a key containing {@code api_key}, {@code secret}, {@code password}, {@code
 * token}, {@code credential}, {@code private_key} or {@code access_key} (and, beyond the original's
 * list, {@code api-key}, {@code apikey}, {@code authorization}: header names) (any case, any depth,
 * objects inside arrays too, and the strings of an array under such a key); also, as {@link
 * SecretNames} lists them, a header whose name marks a credential ({@code Cookie}, {@code
 * x-functions-key}, …), any value given as {@code {"value": "…", "secret": true}}, and a whole URL
 * carrying credentials (user-info, {@code ?code=…}). {@code ${VAR}} references are left alone.
 * Sealed values read {@code enc:jv1:<config id>:v2:<AES-GCM base64>} under the config's own data
 * key ({@code enc:jv1:<config id>:<jasypt base64>} from earlier versions still open).
 */
@Component
public class ConfigSecrets {

  static final String OWN_PREFIX = "enc:jv1:";
  private static final String ENC = "enc:";
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
    return SecretNames.isSecretKey(name);
  }

  /**
   * A copy of {@code document} with every clear secret encrypted under {@code config}'s data key
   * (made on first need). Values already sealed for this config are kept; values sealed for another
   * config of the same owner, and the original service's Fernet tokens, are re-sealed.
   */
  public ObjectNode seal(ConfigId config, String ownerId, ObjectNode document) {
    return seal(config, ownerId, document, true);
  }

  /**
   * As {@link #seal(ConfigId, String, ObjectNode)} for a config that already exists: its data key
   * is looked up first, and made only if it never had one.
   */
  public ObjectNode sealExisting(ConfigId config, String ownerId, ObjectNode document) {
    return seal(config, ownerId, document, false);
  }

  private ObjectNode seal(ConfigId config, String ownerId, ObjectNode document, boolean created) {
    ObjectNode copy = document.deepCopy();
    Supplier<String> key =
        memo(
            () ->
                (created ? dataKeys.obtain(config, ownerId) : dataKeys.existing(config, ownerId))
                    .orElseThrow(
                        () ->
                            new SecretRejectedException(
                                "Config " + config + " has no data key any more")));
    walk(copy, "$", (path, value, strict) -> sealOne(config, ownerId, path, value, key, strict));
    return copy;
  }

  /** A copy of {@code document} with every secret it can read in clear; the rest stay sealed. */
  public ObjectNode open(ConfigId config, ObjectNode document) {
    return open(config, document, new ArrayList<>());
  }

  /** As {@link #open(ConfigId, ObjectNode)}, adding each value it opened to {@code opened}. */
  public ObjectNode open(ConfigId config, ObjectNode document, List<String> opened) {
    return eachOpened(
        config,
        document,
        plain -> {
          opened.add(plain);
          return plain;
        });
  }

  /**
   * A copy of {@code document} for clients that decrypt locally with the shared {@code
   * CONFIG_ENCRYPTION_KEY} ({@code CONFIG_SECRETS_WIRE_FORMAT=fernet}): each secret sealed for
   * {@code config} becomes {@code enc:<Fernet token>} under the original's key derivation. Opened
   * in memory only; a value this service cannot open is left as it is.
   */
  public ObjectNode asFernet(ConfigId config, ObjectNode document) {
    return eachOpened(
        config,
        document,
        plain -> {
          byte[] iv = new byte[16];
          RANDOM.nextBytes(iv);
          return ENC + legacy().encrypt(plain, System.currentTimeMillis() / 1000, iv);
        });
  }

  /**
   * A copy of {@code document} where each secret this service can open for {@code config} becomes
   * {@code opened} of its clear value; the values it cannot open stay as they are.
   */
  private ObjectNode eachOpened(
      ConfigId config, ObjectNode document, UnaryOperator<String> opened) {
    ObjectNode copy = document.deepCopy();
    Supplier<Optional<String>> key = memo(() -> dataKeys.find(config));
    walk(
        copy,
        "$",
        (path, value, strict) -> {
          String plain = openOne(config, value, key);
          return plain.equals(value) ? value : opened.apply(plain);
        });
    return copy;
  }

  /** True when {@code document} holds a secret in clear text. */
  public static boolean hasClearSecrets(ObjectNode document) {
    List<String> clear = new ArrayList<>();
    walk(
        document.deepCopy(),
        "$",
        (path, value, strict) -> {
          if (!value.startsWith(ENC)) {
            clear.add(path);
          }
          return value;
        });
    return !clear.isEmpty();
  }

  /**
   * {@code value} sealed for {@code config}. A value that looks sealed but cannot be read here is
   * refused in a {@code strict} slot (a key with a marker, as before) and kept as it is elsewhere
   * (the original stores such a value as data; this service never opens it).
   */
  private String sealOne(
      ConfigId config,
      String ownerId,
      String path,
      String value,
      Supplier<String> key,
      boolean strict) {
    if (value.startsWith(OWN_PREFIX)) {
      String[] parts = value.substring(OWN_PREFIX.length()).split(":", 2);
      if (parts.length == 2) {
        Optional<ConfigId> origin = parseId(parts[0]);
        if (origin.isPresent() && origin.get().equals(config)) {
          return readable(() -> cipher.decrypt(parts[1], key.get())) == null
              ? refused(strict, path, value)
              : value;
        }
        if (origin.isPresent()
            && dataKeys.ownerOf(origin.get()).filter(ownerId::equals).isPresent()) {
          Optional<String> originKey = dataKeys.find(origin.get());
          if (originKey.isPresent()) {
            String plain = readable(() -> cipher.decrypt(parts[1], originKey.get()));
            return plain == null ? refused(strict, path, value) : seal(config, plain, key);
          }
        }
      }
      return refused(strict, path, value);
    }
    if (value.startsWith(ENC)) {
      String token = value.substring(ENC.length());
      String plain = Fernet.looksLikeToken(token) ? readable(() -> legacy().decrypt(token)) : null;
      return plain == null ? refused(strict, path, value) : seal(config, plain, key);
    }
    return seal(config, value, key);
  }

  private static String refused(boolean strict, String path, String value) {
    if (strict) {
      throw unreadable(path);
    }
    return value;
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

  private static @Nullable String readable(Supplier<String> decryption) {
    try {
      return decryption.get();
    } catch (IllegalArgumentException e) {
      return null;
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

  /**
   * Transforms a secret string value found at a JSON path; {@code strict}: see {@link #sealOne}.
   */
  private interface SecretVisitor {
    String visit(String path, String value, boolean strict);
  }

  private static void walk(JsonNode node, String path, SecretVisitor visitor) {
    walk(node, path, visitor, false);
  }

  /** Visits every secret under {@code node}; {@code headers}: its members are header values. */
  private static void walk(JsonNode node, String path, SecretVisitor visitor, boolean headers) {
    if (node instanceof ObjectNode object) {
      boolean marked = isMarkedSecret(object);
      List<Map.Entry<String, JsonNode>> fields = new ArrayList<>();
      object.fields().forEachRemaining(fields::add);
      for (Map.Entry<String, JsonNode> field : fields) {
        String name = field.getKey();
        String childPath = path + "." + name;
        JsonNode child = field.getValue();
        boolean secret = isSecretKey(name);
        boolean extra =
            (headers && SecretNames.isSecretHeader(name)) || (marked && name.equals("value"));
        if (secret && child.isTextual() && isSealable(child.asText())) {
          object.set(name, TextNode.valueOf(visitor.visit(childPath, child.asText(), true)));
        } else if (secret && child instanceof ArrayNode array) {
          for (int i = 0; i < array.size(); i++) {
            JsonNode item = array.get(i);
            if (item.isTextual() && isSealable(item.asText())) {
              array.set(
                  i,
                  TextNode.valueOf(visitor.visit(childPath + "[" + i + "]", item.asText(), true)));
            } else {
              walk(item, childPath + "[" + i + "]", visitor, false);
            }
          }
        } else if (child.isTextual() && (extra ? isSealable(child.asText()) : isSlot(child))) {
          object.set(name, TextNode.valueOf(visitor.visit(childPath, child.asText(), false)));
        } else {
          walk(child, childPath, visitor, name.equalsIgnoreCase("headers") && child.isObject());
        }
      }
    } else if (node instanceof ArrayNode array) {
      for (int i = 0; i < array.size(); i++) {
        JsonNode item = array.get(i);
        String itemPath = path + "[" + i + "]";
        if (item.isTextual() && isSlot(item)) {
          array.set(i, TextNode.valueOf(visitor.visit(itemPath, item.asText(), false)));
        } else {
          walk(item, itemPath, visitor, false);
        }
      }
    }
  }

  /** {@code {"value": "…", "secret": true}}: a value its author marked secret. */
  private static boolean isMarkedSecret(ObjectNode object) {
    return object.path("secret").isBoolean()
        && object.path("secret").booleanValue()
        && object.path("value").isTextual();
  }

  /**
   * A string that is secret wherever it is: a URL carrying credentials, or a value this service
   * sealed (or the original's Fernet token, as {@code CONFIG_SECRETS_WIRE_FORMAT=fernet} answers).
   */
  private static boolean isSlot(JsonNode value) {
    String text = value.asText();
    return text.startsWith(OWN_PREFIX)
        || (text.startsWith(ENC) && Fernet.looksLikeToken(text.substring(ENC.length())))
        || (isSealable(text) && SecretNames.isUrlWithCredentials(text));
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
