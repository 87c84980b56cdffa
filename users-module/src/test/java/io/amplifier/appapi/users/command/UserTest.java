package io.amplifier.appapi.users.command;

import io.amplifier.appapi.users.api.RecordUserSeenCommand;
import io.amplifier.appapi.users.api.SetUserQuotaCommand;
import io.amplifier.appapi.users.api.UserFirstSeenEvent;
import io.amplifier.appapi.users.api.UserQuotaSetEvent;
import io.amplifier.appapi.users.api.UserSeenAgainEvent;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The User aggregate: first sight, then sightings again; budgets set before and after. */
class UserTest {

  private FixtureConfiguration<User> fixture;

  @BeforeEach
  void setUp() {
    fixture = new AggregateTestFixture<>(User.class);
  }

  @Test
  void shouldRecordAUserSeenForTheFirstTime() {
    fixture
        .givenNoPriorActivity()
        .when(new RecordUserSeenCommand("alice", "cli"))
        .expectEvents(new UserFirstSeenEvent("alice", "cli"));
  }

  @Test
  void shouldRecordAKnownUserAsSeenAgain() {
    fixture
        .given(new UserFirstSeenEvent("alice", "cli"))
        .when(new RecordUserSeenCommand("alice", "web"))
        .expectEvents(new UserSeenAgainEvent("alice", "web"));
  }

  @Test
  void shouldSetABudgetOnAUserNotSeenYet() {
    fixture
        .givenNoPriorActivity()
        .when(new SetUserQuotaCommand("bob", 1000L))
        .expectEvents(new UserQuotaSetEvent("bob", 1000L));
  }

  @Test
  void shouldSeeABudgetedUserForTheFirstTimeOnTheirFirstRequest() {
    fixture
        .given(new UserQuotaSetEvent("bob", 1000L))
        .when(new RecordUserSeenCommand("bob", "cli"))
        .expectEvents(new UserFirstSeenEvent("bob", "cli"));
  }

  @Test
  void shouldRemoveABudget() {
    fixture
        .given(new UserFirstSeenEvent("bob", "cli"), new UserQuotaSetEvent("bob", 1000L))
        .when(new SetUserQuotaCommand("bob", null))
        .expectEvents(new UserQuotaSetEvent("bob", null));
  }
}
