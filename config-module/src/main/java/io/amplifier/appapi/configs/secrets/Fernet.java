package io.amplifier.appapi.configs.secrets;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Reads the original service's encrypted values: Fernet tokens whose key is PBKDF2-HMAC-SHA256 of
 * {@code CONFIG_ENCRYPTION_KEY} with salt {@code amplifier-config-salt}, 100,000 iterations, 32
 * bytes split signing (HMAC-SHA256) | encryption (AES-128-CBC). The token is checked (version, HMAC
 * in constant time) before anything is decrypted.
 */
final class Fernet {

  static final byte VERSION = (byte) 0x80;
  private static final byte[] SALT = "amplifier-config-salt".getBytes(StandardCharsets.UTF_8);

  private final byte[] signingKey;
  private final byte[] encryptionKey;

  private Fernet(byte[] key) {
    this.signingKey = Arrays.copyOfRange(key, 0, 16);
    this.encryptionKey = Arrays.copyOfRange(key, 16, 32);
  }

  /** The Fernet key the original service derived from {@code secret}. */
  static Fernet derivedFrom(String secret) {
    try {
      PBEKeySpec spec = new PBEKeySpec(secret.toCharArray(), SALT, 100_000, 256);
      byte[] key =
          SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
      return new Fernet(key);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("PBKDF2WithHmacSHA256 is missing from this JVM", e);
    }
  }

  /** True when {@code text} has the shape of a Fernet token (it may still fail to verify). */
  static boolean looksLikeToken(String text) {
    return text.startsWith("gAAAAA") && text.length() >= 100;
  }

  /** The plaintext; {@link IllegalArgumentException} when the token is malformed or forged. */
  String decrypt(String token) {
    byte[] data;
    try {
      data = Base64.getUrlDecoder().decode(padded(token));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("not a Fernet token");
    }
    if (data.length < 1 + 8 + 16 + 16 + 32 || data[0] != VERSION || (data.length - 57) % 16 != 0) {
      throw new IllegalArgumentException("not a Fernet token");
    }
    byte[] signed = Arrays.copyOfRange(data, 0, data.length - 32);
    byte[] mac = Arrays.copyOfRange(data, data.length - 32, data.length);
    if (!MessageDigest.isEqual(hmac(signed), mac)) {
      throw new IllegalArgumentException("Fernet token does not verify with this key");
    }
    byte[] iv = Arrays.copyOfRange(data, 9, 25);
    byte[] ciphertext = Arrays.copyOfRange(data, 25, data.length - 32);
    try {
      Cipher aes = Cipher.getInstance("AES/CBC/PKCS5Padding");
      aes.init(
          Cipher.DECRYPT_MODE, new SecretKeySpec(encryptionKey, "AES"), new IvParameterSpec(iv));
      return new String(aes.doFinal(ciphertext), StandardCharsets.UTF_8);
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("Fernet token does not decrypt");
    }
  }

  /** Makes a token, as the original service did; used to test that we read them. */
  String encrypt(String plaintext, long timestampSeconds, byte[] iv) {
    try {
      Cipher aes = Cipher.getInstance("AES/CBC/PKCS5Padding");
      aes.init(
          Cipher.ENCRYPT_MODE, new SecretKeySpec(encryptionKey, "AES"), new IvParameterSpec(iv));
      byte[] ciphertext = aes.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
      ByteBuffer body = ByteBuffer.allocate(1 + 8 + 16 + ciphertext.length);
      body.put(VERSION).putLong(timestampSeconds).put(iv).put(ciphertext);
      byte[] signed = body.array();
      ByteBuffer token = ByteBuffer.allocate(signed.length + 32);
      token.put(signed).put(hmac(signed));
      return Base64.getUrlEncoder().encodeToString(token.array());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private byte[] hmac(byte[] data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(signingKey, "HmacSHA256"));
      return mac.doFinal(data);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String padded(String token) {
    int rest = token.length() % 4;
    return rest == 0 ? token : token + "====".substring(rest);
  }
}
