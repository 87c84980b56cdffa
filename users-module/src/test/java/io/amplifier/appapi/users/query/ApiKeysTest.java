package io.amplifier.appapi.users.query;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.amplifier.appapi.testing.ModuleDatabase;
import io.amplifier.appapi.testing.Projector;
import io.amplifier.appapi.users.api.ApplicationKeyIssuer.IssuedKey;
import io.amplifier.appapi.users.api.ApplicationKeyRegeneratedEvent;
import io.amplifier.appapi.users.api.ApplicationRegisteredEvent;
import io.amplifier.appapi.users.api.ApplicationView;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * API keys against the real {@code application_view}: issued keys are found by prefix and checked
 * by bcrypt, an accepted key is served from memory only while changes are announced, and every
 * change of its application (a forget, or the projection applying an event) drops it.
 */
class ApiKeysTest {

  private final JdbcTemplate jdbc = ModuleDatabase.migrated("users");
  private final Projector.Commits commits = new Projector.Commits();
  private final ApplicationQueryHandler queries =
      new ApplicationQueryHandler(jdbc, new ObjectMapper(), commits);
  private final ApiKeys keys = new ApiKeys(queries);
  private final Projector projector =
      new Projector(new ApplicationViewProjection(jdbc, new ObjectMapper(), commits, keys));
  private final String appId = "keys-" + UUID.randomUUID();

  /** Other tests of this JVM rebuild application_view and compare all of it. */
  @AfterEach
  void removeTheApplication() {
    jdbc.update("DELETE FROM application_view WHERE app_id = ?", appId);
  }

  private IssuedKey register() {
    IssuedKey issued = keys.issue();
    projector.apply(
        appId,
        new ApplicationRegisteredEvent(
            appId, "App", issued.prefix(), issued.hash(), false, Map.of()));
    return issued;
  }

  private void changeRowBehindTheService(String hash) {
    jdbc.update("UPDATE application_view SET key_hash = ? WHERE app_id = ?", hash, appId);
  }

  @Test
  void shouldAcceptAnIssuedKeyAndRefuseOthersOfTheSamePrefix() {
    IssuedKey issued = register();

    assertThat(issued.key()).startsWith("app_").hasSize(47);
    assertThat(issued.hash()).doesNotContain(issued.key());
    assertThat(issued.toString()).doesNotContain(issued.key());
    assertThat(keys.authenticate(issued.key())).map(ApplicationView::appId).hasValue(appId);
    assertThat(keys.recognizes(issued.key())).isTrue();
    String forged = issued.prefix() + "x".repeat(issued.key().length() - issued.prefix().length());
    assertThat(keys.authenticate(forged)).isEmpty();
    assertThat(keys.recognizes(forged)).isFalse();
    assertThat(keys.lookupPrefix("sk-not-an-app-key")).isNull();
    assertThat(keys.lookupPrefix("app_" + "a".repeat(300))).as("longer than any key").isNull();
    assertThat(keys.authenticate("app_short")).isEmpty();
  }

  @Test
  void shouldServeAnAcceptedKeyFromMemoryUntilItsApplicationChanges() {
    IssuedKey issued = register();
    keys.forgetAll(true);
    assertThat(keys.authenticate(issued.key())).isPresent();

    changeRowBehindTheService("no-longer-this-key");
    assertThat(keys.authenticate(issued.key())).as("a remembered key costs no query").isPresent();

    keys.forget(appId);
    assertThat(keys.authenticate(issued.key())).as("after its application changed").isEmpty();
  }

  @Test
  void shouldServeNothingFromMemoryWhileChangesAreNotAnnounced() {
    IssuedKey issued = register();
    keys.forgetAll(false);
    assertThat(keys.authenticate(issued.key())).isPresent();

    changeRowBehindTheService("no-longer-this-key");

    assertThat(keys.authenticate(issued.key())).isEmpty();
  }

  @Test
  void shouldDropARememberedKeyWhenTheProjectionAppliesARegeneration() {
    IssuedKey old = register();
    keys.forgetAll(true);
    assertThat(keys.authenticate(old.key())).isPresent();
    IssuedKey fresh = keys.issue();

    projector.apply(appId, new ApplicationKeyRegeneratedEvent(appId, fresh.prefix(), fresh.hash()));

    assertThat(keys.authenticate(old.key())).isEmpty();
    assertThat(keys.authenticate(fresh.key())).map(ApplicationView::appId).hasValue(appId);
  }
}
