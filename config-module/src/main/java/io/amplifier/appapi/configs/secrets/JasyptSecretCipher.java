package io.amplifier.appapi.configs.secrets;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jasypt.encryption.pbe.StandardPBEStringEncryptor;
import org.jasypt.exceptions.EncryptionOperationNotPossibleException;
import org.jasypt.iv.RandomIvGenerator;
import org.jasypt.salt.RandomSaltGenerator;

/**
 * jasypt's PBE with HMAC-SHA512 and AES-256 (random salt and IV per value, base64 output, one key
 * obtention iteration): the reader of what earlier versions wrote before {@link
 * AesGcmSecretCipher}, both values sealed under a data key and data keys wrapped under the master
 * key (which {@link MasterKeys} stretches once per process, PBKDF2, 210,000 iterations).
 */
class JasyptSecretCipher implements SecretCipher {

  private static final String ALGORITHM = "PBEWITHHMACSHA512ANDAES_256";
  private static final int MAX_CACHED = 10_000;

  private final Map<String, StandardPBEStringEncryptor> encryptors = new ConcurrentHashMap<>();

  private final Map<String, StandardPBEStringEncryptor> wrappers = new ConcurrentHashMap<>();

  @Override
  public String encrypt(String plaintext, String key) {
    return encryptor(encryptors, key, 1).encrypt(plaintext);
  }

  @Override
  public String decrypt(String ciphertext, String key) {
    return decrypt(encryptor(encryptors, key, 1), ciphertext);
  }

  @Override
  public String wrap(String dataKey, String masterKey) {
    return encryptor(wrappers, masterKey, 1).encrypt(dataKey);
  }

  @Override
  public String unwrap(String wrapped, String masterKey) {
    return decrypt(encryptor(wrappers, masterKey, 1), wrapped);
  }

  private static String decrypt(StandardPBEStringEncryptor encryptor, String ciphertext) {
    try {
      return encryptor.decrypt(ciphertext);
    } catch (EncryptionOperationNotPossibleException e) {
      throw new IllegalArgumentException("value was not encrypted with this key");
    }
  }

  private static StandardPBEStringEncryptor encryptor(
      Map<String, StandardPBEStringEncryptor> cache, String key, int iterations) {
    if (cache.size() > MAX_CACHED) {
      cache.clear();
    }
    return cache.computeIfAbsent(
        key,
        k -> {
          StandardPBEStringEncryptor encryptor = new StandardPBEStringEncryptor();
          encryptor.setAlgorithm(ALGORITHM);
          encryptor.setPassword(k);
          encryptor.setKeyObtentionIterations(iterations);
          encryptor.setIvGenerator(new RandomIvGenerator());
          encryptor.setSaltGenerator(new RandomSaltGenerator());
          encryptor.setStringOutputType("base64");
          return encryptor;
        });
  }
}
