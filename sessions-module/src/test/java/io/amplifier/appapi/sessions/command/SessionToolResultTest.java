package io.amplifier.appapi.sessions.command;

import io.amplifier.appapi.sessions.api.ParticipantRole;
import io.amplifier.appapi.sessions.api.RequestSessionToolResultCommand;
import io.amplifier.appapi.sessions.api.SessionMessageSubmittedEvent;
import io.amplifier.appapi.sessions.api.SessionParticipantSetEvent;
import io.amplifier.appapi.sessions.api.SessionToolResultRequestedEvent;
import io.amplifier.appapi.sessions.api.SessionToolResultSubmittedEvent;
import io.amplifier.appapi.sessions.api.SubmitSessionToolResultsCommand;
import io.amplifier.appapi.sessions.api.SubmitSessionToolResultsCommand.Result;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Client-side tool calls: the running turn waits for a call; the owner or an editor answers it
 * once; an unknown call id or a turn that waits for nothing is refused with nothing recorded.
 */
class SessionToolResultTest extends TurnAggregateTest {

  private SessionMessageSubmittedEvent submitted() {
    return submitted("call lookup {}");
  }

  private SessionToolResultRequestedEvent requested() {
    return new SessionToolResultRequestedEvent(id, "t1", "c1", "lookup", "{}");
  }

  @Test
  void shouldRecordThatTheRunningTurnWaitsForTheClient() {
    fixture
        .given(started(), submitted())
        .when(new RequestSessionToolResultCommand(id, "t1", "c1", "lookup", "{}"))
        .expectEvents(requested());
  }

  @Test
  void shouldRecordAnEditorsResult() {
    fixture
        .given(
            started(),
            new SessionParticipantSetEvent(id, "bob", ParticipantRole.EDITOR),
            submitted(),
            requested())
        .when(
            new SubmitSessionToolResultsCommand(
                id, "bob", "t1", List.of(new Result("c1", "42", false))))
        .expectEvents(new SessionToolResultSubmittedEvent(id, "t1", "c1", "42", false));
  }

  @Test
  void shouldRefuseAnUnknownCallIdAndRecordNothing() {
    fixture
        .given(started(), submitted(), requested())
        .when(
            new SubmitSessionToolResultsCommand(
                id,
                "alice",
                "t1",
                List.of(new Result("c1", "42", false), new Result("nope", "1", false))))
        .expectException(SessionRuleException.class)
        .expectExceptionMessage("The turn does not wait for a result of call 'nope'")
        .expectNoEvents();
  }

  @Test
  void shouldRefuseResultsForATurnThatWaitsForNothing() {
    fixture
        .given(
            started(),
            submitted(),
            requested(),
            new SessionToolResultSubmittedEvent(id, "t1", "c1", "42", false))
        .when(
            new SubmitSessionToolResultsCommand(
                id, "alice", "t1", List.of(new Result("c1", "1", false))))
        .expectException(SessionRuleException.class)
        .expectExceptionMessage("The turn is not waiting for tool results");
  }

  @Test
  void shouldRefuseAViewer() {
    fixture
        .given(
            started(),
            new SessionParticipantSetEvent(id, "carol", ParticipantRole.VIEWER),
            submitted(),
            requested())
        .when(
            new SubmitSessionToolResultsCommand(
                id, "carol", "t1", List.of(new Result("c1", "1", false))))
        .expectException(SessionRuleException.class)
        .expectNoEvents();
  }
}
