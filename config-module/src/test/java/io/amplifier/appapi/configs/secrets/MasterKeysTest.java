package io.amplifier.appapi.configs.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.mock.env.MockEnvironment;

/** Where the master key comes from, and when the service refuses to start without one. */
class MasterKeysTest {

  @TempDir Path dataDir;

  @Test
  void shouldRefuseToStartWithAuthRequiredAndNoKey() {
    assertThatThrownBy(() -> new MasterKeys(new MockEnvironment().withProperty("AUTH_REQUIRED", "true")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("CONFIG_ENCRYPTION_KEY");
  }

  @Test
  void shouldGenerateAndKeepAKeyUnderTheDataDirectoryByDefault() throws Exception {
    MockEnvironment env = new MockEnvironment().withProperty("AMPLIFIER_DATA_DIR", dataDir.toString());

    MasterKeys first = new MasterKeys(env);
    MasterKeys second = new MasterKeys(env);

    assertThat(Files.readString(dataDir.resolve("master.key")).trim()).hasSizeGreaterThan(40);
    assertThat(second.currentId()).isEqualTo(first.currentId());
  }

  @Test
  void shouldKnowPreviousKeysByFingerprintOnly() {
    MasterKeys keys =
        new MasterKeys(
            new MockEnvironment()
                .withProperty("CONFIG_ENCRYPTION_KEY", "new-key")
                .withProperty("CONFIG_ENCRYPTION_KEY_PREVIOUS", "old-key"));

    assertThat(keys.ids()).containsExactly(MasterKeys.fingerprint("new-key"), MasterKeys.fingerprint("old-key"));
    assertThat(keys.current()).isNotEqualTo("new-key");
  }
}
