package io.amplifier.appapi.configs.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.mock.env.MockEnvironment;

/** Where the master key comes from, and when the service refuses to start without one. */
class MasterKeysTest {

  @TempDir Path dataDir;

  @Test
  void shouldRefuseToStartWithAuthRequiredAndNoKey() {
    assertThatThrownBy(
            () -> new MasterKeys(new MockEnvironment().withProperty("AUTH_REQUIRED", "true")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("CONFIG_ENCRYPTION_KEY");
  }

  @Test
  void shouldGenerateAndKeepAKeyUnderTheDataDirectoryByDefault() throws Exception {
    MockEnvironment env =
        new MockEnvironment().withProperty("AMPLIFIER_DATA_DIR", dataDir.toString());

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

    assertThat(keys.ids())
        .containsExactly(MasterKeys.fingerprint("new-key"), MasterKeys.fingerprint("old-key"));
    assertThat(keys.current()).isNotEqualTo("new-key");
  }

  @Test
  void shouldCreateTheKeyFileReadableByItsOwnerOnly() throws Exception {
    new MasterKeys(new MockEnvironment().withProperty("AMPLIFIER_DATA_DIR", dataDir.toString()));

    assertThat(
            PosixFilePermissions.toString(
                Files.getPosixFilePermissions(dataDir.resolve("master.key"))))
        .isEqualTo("rw-------");
    try (var leftovers = Files.list(dataDir)) {
      assertThat(leftovers.map(p -> p.getFileName().toString())).containsExactly("master.key");
    }
  }

  @Test
  void shouldRefuseAnEmptyShortOrSharedKeyFile() throws Exception {
    MockEnvironment env =
        new MockEnvironment().withProperty("AMPLIFIER_DATA_DIR", dataDir.toString());
    Path file = dataDir.resolve("master.key");
    Files.writeString(file, "");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    assertThatThrownBy(() -> new MasterKeys(env)).hasMessageContaining("empty");

    Files.writeString(file, "short-key-of-31-bytes-012345678\n");
    assertThatThrownBy(() -> new MasterKeys(env)).hasMessageContaining("shorter than 32 bytes");

    Files.writeString(file, "a-key-that-is-long-enough-0123456789abcdef\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
    assertThatThrownBy(() -> new MasterKeys(env)).hasMessageContaining("chmod 600");

    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    assertThat(new MasterKeys(env).currentId()).hasSize(16);
  }

  @Test
  void shouldNotNameAKeyByAFastHashOfIt() {
    MasterKeys keys =
        new MasterKeys(new MockEnvironment().withProperty("CONFIG_ENCRYPTION_KEY", "guessable"));

    assertThat(keys.currentId())
        .isNotEqualTo(MasterKeys.legacyFingerprint("guessable"))
        .hasSize(16);
    assertThat(keys.byId(MasterKeys.legacyFingerprint("guessable"))).contains(keys.current());
  }
}
