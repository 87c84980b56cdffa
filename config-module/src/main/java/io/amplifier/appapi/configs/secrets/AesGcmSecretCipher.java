package io.amplifier.appapi.configs.secrets;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.stereotype.Component;

/**
 * Seals values under a config's data key with AES-256-GCM (JCE): a random 12-byte nonce per value,
 * a 128-bit tag, no key stretching, since a data key already is 256 random bits. A sealed value
 * reads {@code v2:<base64 of nonce, ciphertext and tag>}; a value without that prefix was sealed by
 * earlier versions with jasypt and still opens. Data keys are wrapped the same way under the
 * once-stretched master key ({@code k2:}); a key wrapped by jasypt, as earlier versions did (a PBE
 * derivation with HMAC-SHA512 per wrap: a tenth of a create's CPU), still unwraps.
 */
@Component
class AesGcmSecretCipher implements SecretCipher {

  /** The version prefix of a value sealed here; jasypt's base64 never holds a colon. */
  static final String V2 = "v2:";

  private static final String TRANSFORMATION = "AES/GCM/NoPadding";
  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;

  /**
   * The version prefix of a data key wrapped here, under the stretched master key (itself 256 bits
   * of PBKDF2 output, {@link MasterKeys}); a wrapped key without it was wrapped by jasypt.
   */
  static final String K2 = "k2:";

  private static final SecureRandom RANDOM = new SecureRandom();

  private final JasyptSecretCipher jasypt = new JasyptSecretCipher();

  @Override
  public String encrypt(String plaintext, String key) {
    return seal(V2, plaintext, key);
  }

  @Override
  public String decrypt(String ciphertext, String key) {
    return ciphertext.startsWith(V2) ? open(V2, ciphertext, key) : jasypt.decrypt(ciphertext, key);
  }

  @Override
  public String wrap(String dataKey, String masterKey) {
    return seal(K2, dataKey, masterKey);
  }

  @Override
  public String unwrap(String wrapped, String masterKey) {
    return wrapped.startsWith(K2)
        ? open(K2, wrapped, masterKey)
        : jasypt.unwrap(wrapped, masterKey);
  }

  /**
   * {@code prefix} + base64 of nonce, ciphertext and tag; the prefix is also the additional data,
   * so a sealed value cannot pass for a wrapped key nor the other way round.
   */
  private static String seal(String prefix, String plaintext, String key) {
    byte[] nonce = new byte[NONCE_BYTES];
    RANDOM.nextBytes(nonce);
    try {
      Cipher cipher = Cipher.getInstance(TRANSFORMATION);
      cipher.init(Cipher.ENCRYPT_MODE, aesKey(key), new GCMParameterSpec(TAG_BITS, nonce));
      cipher.updateAAD(prefix.getBytes(StandardCharsets.US_ASCII));
      byte[] plain = plaintext.getBytes(StandardCharsets.UTF_8);
      ByteBuffer out = ByteBuffer.allocate(NONCE_BYTES + cipher.getOutputSize(plain.length));
      out.put(nonce);
      cipher.doFinal(ByteBuffer.wrap(plain), out);
      return prefix + Base64.getEncoder().encodeToString(out.array());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is not usable in this JVM", e);
    }
  }

  private static String open(String prefix, String ciphertext, String key) {
    byte[] sealed;
    try {
      sealed = Base64.getDecoder().decode(ciphertext.substring(prefix.length()));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("sealed value is not valid base64");
    }
    if (sealed.length < NONCE_BYTES + TAG_BITS / 8) {
      throw new IllegalArgumentException("sealed value is too short");
    }
    try {
      Cipher cipher = Cipher.getInstance(TRANSFORMATION);
      cipher.init(
          Cipher.DECRYPT_MODE, aesKey(key), new GCMParameterSpec(TAG_BITS, sealed, 0, NONCE_BYTES));
      cipher.updateAAD(prefix.getBytes(StandardCharsets.US_ASCII));
      byte[] plain = cipher.doFinal(sealed, NONCE_BYTES, sealed.length - NONCE_BYTES);
      return new String(plain, StandardCharsets.UTF_8);
    } catch (AEADBadTagException e) {
      throw new IllegalArgumentException(
          "sealed value was altered or was not sealed with this key");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is not usable in this JVM", e);
    }
  }

  /** A data key is the base64 of 32 random bytes ({@link DataKeys}). */
  private static SecretKeySpec aesKey(String key) {
    byte[] bytes;
    try {
      bytes = Base64.getDecoder().decode(key);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("a data key is the base64 of 256 bits");
    }
    if (bytes.length != 32) {
      throw new IllegalArgumentException("a data key is the base64 of 256 bits");
    }
    return new SecretKeySpec(bytes, "AES");
  }
}
