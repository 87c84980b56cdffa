package io.amplifier.appapi.sessions.command;

import io.amplifier.appapi.sessions.api.EnqueueSessionTurnCommand;
import io.amplifier.appapi.sessions.api.RecordSessionReplyCommand;
import io.amplifier.appapi.sessions.api.SessionId;
import io.amplifier.appapi.sessions.api.SessionMessageSubmittedEvent;
import io.amplifier.appapi.sessions.api.SessionReplyRecordedEvent;
import io.amplifier.appapi.sessions.api.SessionStartedEvent;
import io.amplifier.appapi.sessions.api.SessionTurnCancelRequestedEvent;
import io.amplifier.appapi.sessions.api.SessionTurnEnqueuedEvent;
import io.amplifier.appapi.sessions.api.SessionTurnRolledBackEvent;
import io.amplifier.appapi.sessions.api.SubmitSessionMessageCommand;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Session aggregate's double-texting rules (ADR 25): queue, order, bound, rollback. */
class SessionQueueTest {

  private final SessionId id = SessionId.random();
  private FixtureConfiguration<Session> fixture;

  @BeforeEach
  void setUp() {
    fixture = new AggregateTestFixture<>(Session.class);
  }

  private SessionStartedEvent started() {
    return new SessionStartedEvent(id, "owner", "config-1", Map.of(), Map.of(), null, null);
  }

  private SessionMessageSubmittedEvent running() {
    return new SessionMessageSubmittedEvent(id, "turn-1", 1, 1, "owner", "hello", null);
  }

  private EnqueueSessionTurnCommand enqueue(String turnId, String strategy) {
    return new EnqueueSessionTurnCommand(
        id, "owner", turnId, "next", null, strategy, false, null, 8);
  }

  private SessionTurnEnqueuedEvent enqueued(
      String turnId, int position, String strategy, String interrupted) {
    return new SessionTurnEnqueuedEvent(
        id, turnId, position, "owner", "next", null, strategy, interrupted, false, null);
  }

  @Test
  void shouldAnswerThatNothingRunsInsteadOfQueueing() {
    fixture
        .given(started())
        .when(enqueue("turn-2", "enqueue"))
        .expectNoEvents()
        .expectResultMessagePayload(-1L);
  }

  @Test
  void shouldQueueBehindTheRunningTurn() {
    fixture
        .given(started(), running())
        .when(enqueue("turn-2", "enqueue"))
        .expectEvents(enqueued("turn-2", 1, "enqueue", null));
  }

  @Test
  void shouldCancelTheRunningTurnWhenInterrupting() {
    fixture
        .given(started(), running())
        .when(enqueue("turn-2", "interrupt"))
        .expectEvents(
            new SessionTurnCancelRequestedEvent(id, "turn-1", "owner"),
            enqueued("turn-2", 1, "interrupt", "turn-1"));
  }

  @Test
  void shouldRefuseANinthQueuedTurnNamingTheRunningOne() {
    List<Object> given = new ArrayList<>(List.of(started(), running()));
    for (int i = 1; i <= 8; i++) {
      given.add(enqueued("q-" + i, i, "enqueue", null));
    }
    fixture
        .given(given)
        .when(enqueue("q-9", "enqueue"))
        .expectException(TurnRunningException.class)
        .expectExceptionMessage(org.hamcrest.Matchers.containsString("turn-1"));
  }

  @Test
  void shouldStartOnlyTheHeadOfTheQueue() {
    fixture
        .given(
            started(),
            running(),
            enqueued("turn-2", 1, "enqueue", null),
            new SessionReplyRecordedEvent(id, "turn-1", 2, "hi", Map.of(), false))
        .when(new SubmitSessionMessageCommand(id, "owner", "turn-3", "sneaking in", null))
        .expectException(TurnRunningException.class);
    fixture
        .given(
            started(),
            running(),
            enqueued("turn-2", 1, "enqueue", null),
            new SessionReplyRecordedEvent(id, "turn-1", 2, "hi", Map.of(), false))
        .when(new SubmitSessionMessageCommand(id, "owner", "turn-2", "next", null))
        .expectEvents(new SessionMessageSubmittedEvent(id, "turn-2", 2, 3, "owner", "next", null));
  }

  @Test
  void shouldRollBackTheCancelledTurnWhenItEnds() {
    fixture
        .given(started(), running(), enqueued("turn-2", 1, "rollback", "turn-1"))
        .when(new RecordSessionReplyCommand(id, "turn-1", "partial", Map.of(), true))
        .expectEvents(
            new SessionReplyRecordedEvent(id, "turn-1", 2, "partial", Map.of(), true),
            new SessionTurnRolledBackEvent(id, "turn-1", "turn-2"));
  }
}
