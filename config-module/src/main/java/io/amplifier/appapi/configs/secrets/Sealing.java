package io.amplifier.appapi.configs.secrets;

import io.amplifier.appapi.configs.api.SecretSealing;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import org.springframework.stereotype.Component;

/** {@link SecretSealing} with the configs' cipher and master keys (envelope, as DataKeys does). */
@Component
class Sealing implements SecretSealing {

  private static final SecureRandom RANDOM = new SecureRandom();

  private final SecretCipher cipher;
  private final MasterKeys masterKeys;

  Sealing(SecretCipher cipher, MasterKeys masterKeys) {
    this.cipher = cipher;
    this.masterKeys = masterKeys;
  }

  @Override
  public SealedSecret seal(String plaintext) {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    String key = Base64.getEncoder().encodeToString(bytes);
    return new SealedSecret(
        masterKeys.currentId(),
        cipher.wrap(key, masterKeys.current()),
        cipher.encrypt(plaintext, key));
  }

  @Override
  public Optional<String> open(SealedSecret sealed) {
    Optional<String> master = masterKeys.byId(sealed.masterKeyId());
    if (master.isEmpty()) {
      return Optional.empty();
    }
    try {
      String key = cipher.unwrap(sealed.wrappedKey(), master.get());
      return Optional.of(cipher.decrypt(sealed.ciphertext(), key));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
