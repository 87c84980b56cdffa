package io.amplifier.appapi.users.api;

import java.security.KeyFactory;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/**
 * An application's RSA public key from its PEM form (SubjectPublicKeyInfo), as it registered it.
 */
public interface PublicKeys {

  /** The key {@code pem} holds; {@link IllegalArgumentException} when it holds no RSA key. */
  static RSAPublicKey rsa(String pem) {
    String body =
        pem.trim()
            .replace("-----BEGIN PUBLIC KEY-----", "")
            .replace("-----END PUBLIC KEY-----", "")
            .replaceAll("\\s", "");
    try {
      return (RSAPublicKey)
          KeyFactory.getInstance("RSA")
              .generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(body)));
    } catch (java.security.GeneralSecurityException
        | IllegalArgumentException
        | ClassCastException e) {
      throw new IllegalArgumentException("not an RSA public key in PEM form", e);
    }
  }
}
