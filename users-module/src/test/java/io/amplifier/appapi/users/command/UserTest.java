package io.amplifier.appapi.users.command;

import io.amplifier.appapi.users.api.RecordUserSeenCommand;
import io.amplifier.appapi.users.api.UserFirstSeenEvent;
import io.amplifier.appapi.users.api.UserSeenAgainEvent;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The User aggregate: first sight, then sightings again. */
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
}
