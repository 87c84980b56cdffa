package io.amplifier.appapi.configs.secrets;

/** Encrypts and decrypts one text with one key; the one place that knows the algorithm. */
interface SecretCipher {

  String encrypt(String plaintext, String key);

  /** Throws {@link IllegalArgumentException} when {@code ciphertext} was not made with {@code key}. */
  String decrypt(String ciphertext, String key);
}
