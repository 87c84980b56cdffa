package io.amplifier.appapi.sessions.command;

import io.amplifier.appapi.sessions.api.SessionId;
import io.amplifier.appapi.sessions.api.SessionMessageSubmittedEvent;
import io.amplifier.appapi.sessions.api.SessionStartedEvent;
import java.util.Map;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;

/**
 * What the aggregate tests of a turn's steps stand on: a fresh {@link Session} fixture, alice's
 * session and its turn {@code t1}, submitted.
 */
abstract class TurnAggregateTest {

  final SessionId id = SessionId.random();
  AggregateTestFixture<Session> fixture;

  @BeforeEach
  void setUpFixture() {
    fixture = new AggregateTestFixture<>(Session.class);
  }

  SessionStartedEvent started() {
    return new SessionStartedEvent(id, "alice", "config-1", Map.of(), Map.of(), null, null);
  }

  /** Alice's turn {@code t1} of {@code message}, the session's first. */
  SessionMessageSubmittedEvent submitted(String message) {
    return new SessionMessageSubmittedEvent(id, "t1", 1, 1, "alice", message, null);
  }
}
