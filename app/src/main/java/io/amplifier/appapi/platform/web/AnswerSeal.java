package io.amplifier.appapi.platform.web;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals a recorded answer under a key only the client holds: its {@code Idempotency-Key}. The table
 * keeps the key as a hash ({@link #lookup}) and the answer as AES-256-GCM under HMAC-SHA256(key,
 * caller), so reading the table (or a backup of it) shows no body, no provider key and no API key;
 * a replay opens it because the retry brings the key again. An unguessable key (a UUID, as the IETF
 * draft recommends) is what makes this hold.
 */
final class AnswerSeal {

  private static final byte VERSION = 1;
  private static final int NONCE = 12;
  private static final SecureRandom RANDOM = new SecureRandom();

  private AnswerSeal() {}

  /** What the table stores instead of the client's key. */
  static String lookup(String key) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256")
                  .digest(
                      ("amplifier-idempotency-lookup\n" + key).getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  static byte[] seal(String key, String caller, byte[] answer) {
    byte[] nonce = new byte[NONCE];
    RANDOM.nextBytes(nonce);
    try {
      Cipher cipher = cipher(Cipher.ENCRYPT_MODE, key, caller, nonce);
      byte[] sealed = cipher.doFinal(answer);
      return ByteBuffer.allocate(1 + NONCE + sealed.length)
          .put(VERSION)
          .put(nonce)
          .put(sealed)
          .array();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The answer, or empty when it was sealed under another key or caller (or is damaged). */
  static Optional<byte[]> open(String key, String caller, byte[] sealed) {
    if (sealed.length < 1 + NONCE || sealed[0] != VERSION) {
      return Optional.empty();
    }
    byte[] nonce = java.util.Arrays.copyOfRange(sealed, 1, 1 + NONCE);
    try {
      return Optional.of(
          cipher(Cipher.DECRYPT_MODE, key, caller, nonce)
              .doFinal(sealed, 1 + NONCE, sealed.length - 1 - NONCE));
    } catch (GeneralSecurityException e) {
      return Optional.empty();
    }
  }

  private static Cipher cipher(int mode, String key, String caller, byte[] nonce)
      throws GeneralSecurityException {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    byte[] derived =
        mac.doFinal(("amplifier-idempotency-seal-v1\n" + caller).getBytes(StandardCharsets.UTF_8));
    Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
    cipher.init(mode, new SecretKeySpec(derived, "AES"), new GCMParameterSpec(128, nonce));
    cipher.updateAAD(caller.getBytes(StandardCharsets.UTF_8));
    return cipher;
  }
}
