package io.amplifier.appapi.users.service;

import io.amplifier.appapi.users.api.PublicKeys;
import java.net.URI;
import java.security.interfaces.RSAPublicKey;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * What an application may register as its own token signing key: a JWKS URL over https (plain http
 * to loopback only when {@code APPLICATION_JWKS_ALLOW_LOOPBACK=true}, for a local identity
 * provider), or an RSA public key of 2048 bits or more in PEM form. One of them, not both.
 */
public final class SigningKeyRules {

  /** Thrown for a key the rules refuse; names the field. */
  public static final class Rejected extends RuntimeException {
    private final String field;

    Rejected(String field, String message) {
      super(message, null, false, false);
      this.field = field;
    }

    public String field() {
      return field;
    }
  }

  public static final int MAX_PEM_LENGTH = 16_384;

  private SigningKeyRules() {}

  static void check(@Nullable String jwksUrl, @Nullable String publicKey, boolean allowLoopback) {
    if (jwksUrl != null && publicKey != null) {
      throw new Rejected("public_key", "give jwks_url or public_key, not both");
    }
    if (jwksUrl != null) {
      checkUrl(jwksUrl, allowLoopback);
    }
    if (publicKey != null) {
      checkPem(publicKey);
    }
  }

  private static void checkUrl(String url, boolean allowLoopback) {
    URI uri;
    try {
      uri = new URI(url);
    } catch (java.net.URISyntaxException e) {
      throw new Rejected("jwks_url", "is not a URL");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
    if (host.isEmpty() || uri.getUserInfo() != null) {
      throw new Rejected(
          "jwks_url", "must be an absolute https URL with a host and no credentials");
    }
    boolean loopback = host.equals("localhost") || host.startsWith("127.") || host.equals("[::1]");
    if (loopback) {
      if (!allowLoopback) {
        throw new Rejected(
            "jwks_url", "may not name this machine (APPLICATION_JWKS_ALLOW_LOOPBACK is off)");
      }
      if (!scheme.equals("http") && !scheme.equals("https")) {
        throw new Rejected("jwks_url", "must be an http or https URL");
      }
      return;
    }
    if (!scheme.equals("https")) {
      throw new Rejected("jwks_url", "must be an https URL");
    }
    if (isPrivateLiteral(host)) {
      throw new Rejected("jwks_url", "may not name a private or reserved address");
    }
  }

  /** IP literals of private, link-local and reserved ranges (names are the operator's DNS). */
  private static boolean isPrivateLiteral(String host) {
    String h = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
    if (!h.matches("[0-9.]+") && !h.contains(":")) {
      return false;
    }
    try {
      java.net.InetAddress address = java.net.InetAddress.getByName(h); // a literal: no lookup
      return address.isAnyLocalAddress()
          || address.isLinkLocalAddress()
          || address.isSiteLocalAddress()
          || address.isLoopbackAddress()
          || address.isMulticastAddress()
          || (address.getAddress().length == 16 && (address.getAddress()[0] & 0xfe) == 0xfc)
          || h.startsWith("100.64.")
          || h.startsWith("169.254.")
          || h.startsWith("0.");
    } catch (java.net.UnknownHostException e) {
      return true;
    }
  }

  private static void checkPem(String pem) {
    if (pem.length() > MAX_PEM_LENGTH) {
      throw new Rejected("public_key", "is longer than " + MAX_PEM_LENGTH + " characters");
    }
    String trimmed = pem.trim();
    if (!trimmed.startsWith("-----BEGIN PUBLIC KEY-----")
        || !trimmed.endsWith("-----END PUBLIC KEY-----")) {
      throw new Rejected(
          "public_key", "must be a PEM public key (-----BEGIN PUBLIC KEY----- ... END)");
    }
    RSAPublicKey key;
    try {
      key = PublicKeys.rsa(trimmed);
    } catch (IllegalArgumentException e) {
      throw new Rejected("public_key", "is not an RSA public key");
    }
    if (key.getModulus().bitLength() < 2048) {
      throw new Rejected("public_key", "must be an RSA key of at least 2048 bits");
    }
  }
}
