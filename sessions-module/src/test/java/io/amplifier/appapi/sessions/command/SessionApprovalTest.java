package io.amplifier.appapi.sessions.command;

import io.amplifier.appapi.sessions.api.DecideSessionApprovalCommand;
import io.amplifier.appapi.sessions.api.ParticipantRole;
import io.amplifier.appapi.sessions.api.RequestSessionApprovalCommand;
import io.amplifier.appapi.sessions.api.SessionApprovalDecidedEvent;
import io.amplifier.appapi.sessions.api.SessionApprovalRequestedEvent;
import io.amplifier.appapi.sessions.api.SessionMessageSubmittedEvent;
import io.amplifier.appapi.sessions.api.SessionParticipantSetEvent;
import io.amplifier.appapi.sessions.api.SessionReplyRecordedEvent;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Approvals of tool calls: asked only by the running turn, answered once by the owner or an editor
 * (or by the system on timeout), never by a viewer.
 */
class SessionApprovalTest extends TurnAggregateTest {

  private SessionMessageSubmittedEvent submitted() {
    return submitted("call add {}");
  }

  private SessionApprovalRequestedEvent requested() {
    return new SessionApprovalRequestedEvent(id, "t1", "a1", "add", "{\"a\":1}");
  }

  @Test
  void shouldRecordAnApprovalRequestOfTheRunningTurn() {
    fixture
        .given(started(), submitted())
        .when(new RequestSessionApprovalCommand(id, "t1", "a1", "add", "{\"a\":1}"))
        .expectEvents(requested());
  }

  @Test
  void shouldRefuseAnApprovalRequestOfATurnThatIsNotRunning() {
    fixture
        .given(started())
        .when(new RequestSessionApprovalCommand(id, "t1", "a1", "add", "{}"))
        .expectException(SessionRuleException.class);
  }

  @Test
  void shouldLetAnEditorAllowAPendingApproval() {
    fixture
        .given(
            started(),
            new SessionParticipantSetEvent(id, "bob", ParticipantRole.EDITOR),
            submitted(),
            requested())
        .when(new DecideSessionApprovalCommand(id, "bob", "a1", true, "fine", false))
        .expectEvents(new SessionApprovalDecidedEvent(id, "t1", "a1", true, "fine", "bob"));
  }

  @Test
  void shouldRecordTheSystemAsTheDeciderOnTimeout() {
    fixture
        .given(started(), submitted(), requested())
        .when(new DecideSessionApprovalCommand(id, "#system", "a1", false, "no answer", true))
        .expectEvents(
            new SessionApprovalDecidedEvent(id, "t1", "a1", false, "no answer", "system"));
  }

  @Test
  void shouldRefuseAViewersAnswer() {
    fixture
        .given(
            started(),
            new SessionParticipantSetEvent(id, "carol", ParticipantRole.VIEWER),
            submitted(),
            requested())
        .when(new DecideSessionApprovalCommand(id, "carol", "a1", true, null, false))
        .expectException(SessionRuleException.class)
        .expectNoEvents();
  }

  @Test
  void shouldRefuseASecondAnswerAndAnUnknownApproval() {
    fixture
        .given(
            started(),
            submitted(),
            requested(),
            new SessionApprovalDecidedEvent(id, "t1", "a1", true, null, "alice"))
        .when(new DecideSessionApprovalCommand(id, "alice", "a1", false, null, false))
        .expectException(SessionRuleException.class);
    fixture
        .given(started(), submitted(), requested())
        .when(new DecideSessionApprovalCommand(id, "alice", "nope", true, null, false))
        .expectException(SessionRuleException.class);
  }

  @Test
  void shouldForgetPendingApprovalsWhenTheTurnEnds() {
    fixture
        .given(
            started(),
            submitted(),
            requested(),
            new SessionReplyRecordedEvent(id, "t1", 2, "done", Map.of(), false))
        .when(new DecideSessionApprovalCommand(id, "alice", "a1", true, null, false))
        .expectException(SessionRuleException.class);
  }
}
