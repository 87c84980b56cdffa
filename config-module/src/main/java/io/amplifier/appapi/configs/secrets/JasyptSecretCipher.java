package io.amplifier.appapi.configs.secrets;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jasypt.encryption.pbe.StandardPBEStringEncryptor;
import org.jasypt.exceptions.EncryptionOperationNotPossibleException;
import org.jasypt.iv.RandomIvGenerator;
import org.jasypt.salt.RandomSaltGenerator;
import org.springframework.stereotype.Component;

/**
 * jasypt's PBE with HMAC-SHA512 and AES-256 (random salt and IV per value, base64 output). Keys are
 * random 256-bit data keys or the master key, never user passwords, so a modest iteration count
 * suffices.
 */
@Component
class JasyptSecretCipher implements SecretCipher {

  private static final String ALGORITHM = "PBEWITHHMACSHA512ANDAES_256";
  private static final int MAX_CACHED = 10_000;

  private final Map<String, StandardPBEStringEncryptor> encryptors = new ConcurrentHashMap<>();

  @Override
  public String encrypt(String plaintext, String key) {
    return encryptor(key).encrypt(plaintext);
  }

  @Override
  public String decrypt(String ciphertext, String key) {
    try {
      return encryptor(key).decrypt(ciphertext);
    } catch (EncryptionOperationNotPossibleException e) {
      throw new IllegalArgumentException("value was not encrypted with this key");
    }
  }

  private StandardPBEStringEncryptor encryptor(String key) {
    if (encryptors.size() > MAX_CACHED) {
      encryptors.clear();
    }
    return encryptors.computeIfAbsent(
        key,
        k -> {
          StandardPBEStringEncryptor encryptor = new StandardPBEStringEncryptor();
          encryptor.setAlgorithm(ALGORITHM);
          encryptor.setPassword(k);
          encryptor.setKeyObtentionIterations(1000);
          encryptor.setIvGenerator(new RandomIvGenerator());
          encryptor.setSaltGenerator(new RandomSaltGenerator());
          encryptor.setStringOutputType("base64");
          return encryptor;
        });
  }
}
