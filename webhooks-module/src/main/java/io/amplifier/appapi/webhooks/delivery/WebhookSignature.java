package io.amplifier.appapi.webhooks.delivery;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Standard Webhooks signatures: {@code v1,} + base64 HMAC-SHA256 over {@code id.timestamp.body},
 * keyed by the bytes the base64 part of a {@code whsec_…} secret holds.
 */
public final class WebhookSignature {

  /** The prefix of every secret. */
  public static final String PREFIX = "whsec_";

  private static final Pattern SECRET = Pattern.compile("whsec_[A-Za-z0-9+/]{32,88}={0,2}");
  private static final SecureRandom RANDOM = new SecureRandom();

  private WebhookSignature() {}

  /** A new secret: {@code whsec_} and 32 random bytes in base64. */
  public static String generate() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return PREFIX + Base64.getEncoder().encodeToString(bytes);
  }

  /** Whether {@code secret} is a {@code whsec_} secret of 24 to 64 bytes. */
  public static boolean valid(String secret) {
    if (!SECRET.matcher(secret).matches()) {
      return false;
    }
    try {
      int length = Base64.getDecoder().decode(secret.substring(PREFIX.length())).length;
      return length >= 24 && length <= 64;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** The {@code webhook-signature} header's value for one message. */
  public static String sign(String secret, String id, long timestampSeconds, String body) {
    byte[] key = Base64.getDecoder().decode(secret.substring(PREFIX.length()));
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      byte[] signature =
          mac.doFinal((id + "." + timestampSeconds + "." + body).getBytes(StandardCharsets.UTF_8));
      return "v1," + Base64.getEncoder().encodeToString(signature);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is missing from this JVM", e);
    }
  }
}
