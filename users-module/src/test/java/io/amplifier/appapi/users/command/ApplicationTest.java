package io.amplifier.appapi.users.command;

import io.amplifier.appapi.users.api.ApplicationDeletedEvent;
import io.amplifier.appapi.users.api.ApplicationKeyRegeneratedEvent;
import io.amplifier.appapi.users.api.ApplicationRegisteredEvent;
import io.amplifier.appapi.users.api.DeleteApplicationCommand;
import io.amplifier.appapi.users.api.RegenerateApplicationKeyCommand;
import io.amplifier.appapi.users.api.RegisterApplicationCommand;
import java.util.Map;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Application aggregate's rules. */
class ApplicationTest {

  private FixtureConfiguration<Application> fixture;

  @BeforeEach
  void setUp() {
    fixture = new AggregateTestFixture<>(Application.class);
  }

  private static ApplicationRegisteredEvent registered() {
    return new ApplicationRegisteredEvent("cli", "CLI", "app_abcdefgh", "hash-1", false, Map.of());
  }

  @Test
  void shouldRegisterANewApplication() {
    fixture
        .givenNoPriorActivity()
        .when(
            new RegisterApplicationCommand("cli", "CLI", "app_abcdefgh", "hash-1", false, Map.of()))
        .expectEvents(registered());
  }

  @Test
  void shouldRejectRegisteringAnActiveIdAgain() {
    fixture
        .given(registered())
        .when(
            new RegisterApplicationCommand("cli", "CLI", "app_zzzzzzzz", "hash-2", false, Map.of()))
        .expectException(ApplicationRuleException.class)
        .expectExceptionMessage("Application 'cli' already exists");
  }

  @Test
  void shouldAllowRegisteringADeletedIdAgain() {
    fixture
        .given(registered(), new ApplicationDeletedEvent("cli"))
        .when(
            new RegisterApplicationCommand(
                "cli", "CLI 2", "app_zzzzzzzz", "hash-2", true, Map.of()))
        .expectEvents(
            new ApplicationRegisteredEvent(
                "cli", "CLI 2", "app_zzzzzzzz", "hash-2", true, Map.of()));
  }

  @Test
  void shouldReplaceTheKeyOfAnActiveApplication() {
    fixture
        .given(registered())
        .when(new RegenerateApplicationKeyCommand("cli", "app_newnewne", "hash-3"))
        .expectEvents(new ApplicationKeyRegeneratedEvent("cli", "app_newnewne", "hash-3"));
  }

  @Test
  void shouldRejectChangesToADeletedApplication() {
    fixture
        .given(registered(), new ApplicationDeletedEvent("cli"))
        .when(new DeleteApplicationCommand("cli"))
        .expectException(ApplicationRuleException.class);
  }
}
