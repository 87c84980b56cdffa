package io.amplifier.appapi.webhooks;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** The receiver's side of Standard Webhooks, written from the spec (not the service's code). */
final class Signatures {

  private Signatures() {}

  /** Whether {@code header} holds a v1 signature of {@code id.timestamp.body} under the secret. */
  static boolean verifies(String secret, String id, String timestamp, String body, String header)
      throws Exception {
    byte[] key = Base64.getDecoder().decode(secret.substring("whsec_".length()));
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(key, "HmacSHA256"));
    String expected =
        Base64.getEncoder()
            .encodeToString(
                mac.doFinal((id + "." + timestamp + "." + body).getBytes(StandardCharsets.UTF_8)));
    for (String part : header.split(" ")) {
      if (part.equals("v1," + expected)) {
        return true;
      }
    }
    return false;
  }
}
