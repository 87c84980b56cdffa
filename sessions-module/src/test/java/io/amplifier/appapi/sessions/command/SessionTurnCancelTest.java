package io.amplifier.appapi.sessions.command;

import io.amplifier.appapi.sessions.api.CancelSessionTurnCommand;
import io.amplifier.appapi.sessions.api.SessionId;
import io.amplifier.appapi.sessions.api.SessionMessageSubmittedEvent;
import io.amplifier.appapi.sessions.api.SessionReplyRecordedEvent;
import io.amplifier.appapi.sessions.api.SessionStartedEvent;
import io.amplifier.appapi.sessions.api.SessionTurnCancelRequestedEvent;
import java.util.Map;
import java.util.UUID;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Cancelling a turn by its id: only the turn that runs can be cancelled, so a late cancel stops no
 * other.
 */
class SessionTurnCancelTest {

  final SessionId id = SessionId.random();
  final String turn = UUID.randomUUID().toString();
  FixtureConfiguration<Session> fixture;

  @BeforeEach
  void setUp() {
    fixture = new AggregateTestFixture<>(Session.class);
  }

  SessionStartedEvent started() {
    return new SessionStartedEvent(id, "owner", "config", Map.of(), Map.of(), null, null);
  }

  @Test
  void shouldCancelTheRunningTurnNamedByItsId() {
    fixture
        .given(started(), new SessionMessageSubmittedEvent(id, turn, 1, 1, "owner", "hi", null))
        .when(new CancelSessionTurnCommand(id, "owner", turn))
        .expectEvents(new SessionTurnCancelRequestedEvent(id, turn, "owner"));
  }

  @Test
  void shouldRefuseToCancelATurnThatEnded() {
    String next = UUID.randomUUID().toString();
    fixture
        .given(
            started(),
            new SessionMessageSubmittedEvent(id, turn, 1, 1, "owner", "hi", null),
            new SessionReplyRecordedEvent(id, turn, 2, "Echo: hi", Map.of(), false),
            new SessionMessageSubmittedEvent(id, next, 2, 3, "owner", "again", null))
        .when(new CancelSessionTurnCommand(id, "owner", turn))
        .expectNoEvents()
        .expectException(SessionRuleException.class)
        .expectExceptionMessage("That turn is not running");
  }
}
