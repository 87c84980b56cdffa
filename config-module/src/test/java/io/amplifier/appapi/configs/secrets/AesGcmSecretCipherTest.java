package io.amplifier.appapi.configs.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/**
 * Values sealed under a data key: the v2 (AES-GCM) format, and jasypt values of earlier versions.
 */
class AesGcmSecretCipherTest {

  private final AesGcmSecretCipher cipher = new AesGcmSecretCipher();
  private final String dataKey = randomKey();

  @Test
  void shouldSealWithTheVersionPrefixAndOpenAgain() {
    String sealed = cipher.encrypt("sk-live-gcm", dataKey);

    assertThat(sealed).startsWith("v2:").doesNotContain("sk-live-gcm");
    // nonce (12) + "sk-live-gcm" (11) + tag (16)
    assertThat(Base64.getDecoder().decode(sealed.substring(3))).hasSize(39);
    assertThat(cipher.decrypt(sealed, dataKey)).isEqualTo("sk-live-gcm");
  }

  @Test
  void shouldUseAFreshNonceForEveryValue() {
    assertThat(cipher.encrypt("same", dataKey)).isNotEqualTo(cipher.encrypt("same", dataKey));
  }

  @Test
  void shouldOpenAValueSealedTheOldWay() {
    String old = new JasyptSecretCipher().encrypt("sk-sealed-by-jasypt", dataKey);

    assertThat(old).doesNotStartWith("v2:");
    assertThat(cipher.decrypt(old, dataKey)).isEqualTo("sk-sealed-by-jasypt");
  }

  @Test
  void shouldRefuseATamperedValueWhereverTheByteIs() {
    byte[] sealed = Base64.getDecoder().decode(cipher.encrypt("sk-tamper", dataKey).substring(3));
    for (int i = 0; i < sealed.length; i++) {
      byte[] tampered = sealed.clone();
      tampered[i] ^= 0x01;
      String text = "v2:" + Base64.getEncoder().encodeToString(tampered);
      assertThatThrownBy(() -> cipher.decrypt(text, dataKey))
          .as("byte %d", i)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("sealed value was altered or was not sealed with this key");
    }
  }

  @Test
  void shouldRefuseAnotherKeyATruncatedValueAndGarbage() {
    String sealed = cipher.encrypt("sk-other-key", dataKey);

    assertThatThrownBy(() -> cipher.decrypt(sealed, randomKey()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not sealed with this key");
    assertThatThrownBy(() -> cipher.decrypt("v2:AAAA", dataKey))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("sealed value is too short");
    assertThatThrownBy(() -> cipher.decrypt("v2:not base64!", dataKey))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("sealed value is not valid base64");
  }

  @Test
  void shouldWrapDataKeysWithAesGcmAndStillUnwrapThoseJasyptWrapped() {
    String master = randomKey();
    String wrapped = cipher.wrap(dataKey, master);
    String wrappedBefore = new JasyptSecretCipher().wrap(dataKey, master);

    assertThat(wrapped).startsWith(AesGcmSecretCipher.K2);
    assertThat(cipher.unwrap(wrapped, master)).isEqualTo(dataKey);
    assertThat(wrappedBefore).doesNotStartWith(AesGcmSecretCipher.K2);
    assertThat(cipher.unwrap(wrappedBefore, master)).isEqualTo(dataKey);
    assertThatThrownBy(() -> cipher.unwrap(wrapped, randomKey()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not sealed with this key");
    // a wrapped key is no sealed value and a sealed value no wrapped key (the prefix is bound in)
    String asValue = AesGcmSecretCipher.V2 + wrapped.substring(AesGcmSecretCipher.K2.length());
    assertThatThrownBy(() -> cipher.decrypt(asValue, master))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static String randomKey() {
    byte[] bytes = new byte[32];
    new SecureRandom().nextBytes(bytes);
    return Base64.getEncoder().encodeToString(bytes);
  }
}
