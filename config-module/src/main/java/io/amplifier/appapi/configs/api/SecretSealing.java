package io.amplifier.appapi.configs.api;

import java.util.Optional;

/**
 * Seals a secret another module must keep and use later (a webhook's signing secret) the way config
 * secrets are sealed: under a fresh random data key, wrapped by the current master key.
 */
public interface SecretSealing {

  /** {@code plaintext} sealed; the result holds no clear text. */
  SealedSecret seal(String plaintext);

  /** The clear text of {@code sealed}, or empty when no master key known here opens it. */
  Optional<String> open(SealedSecret sealed);

  /** A sealed secret: the master key's id, the wrapped data key and the ciphertext. */
  record SealedSecret(String masterKeyId, String wrappedKey, String ciphertext) {}
}
