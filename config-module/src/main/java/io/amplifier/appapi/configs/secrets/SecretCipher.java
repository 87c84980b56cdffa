package io.amplifier.appapi.configs.secrets;

/** Encrypts and decrypts one text with one key; the one place that knows the algorithm. */
interface SecretCipher {

  String encrypt(String plaintext, String key);

  /**
   * Throws {@link IllegalArgumentException} when {@code ciphertext} was not made with {@code key}.
   */
  String decrypt(String ciphertext, String key);

  /** Encrypts a data key with the master key (which may be a low-entropy operator string). */
  String wrap(String dataKey, String masterKey);

  /**
   * Throws {@link IllegalArgumentException} when {@code wrapped} was not made with {@code
   * masterKey}.
   */
  String unwrap(String wrapped, String masterKey);
}
