package io.amplifier.appapi.sessions.command;

import io.amplifier.appapi.sessions.api.ChangeSessionStatusCommand;
import io.amplifier.appapi.sessions.api.CloseSessionCommand;
import io.amplifier.appapi.sessions.api.DeleteSessionCommand;
import io.amplifier.appapi.sessions.api.ParticipantRole;
import io.amplifier.appapi.sessions.api.SessionClosedEvent;
import io.amplifier.appapi.sessions.api.SessionDeletedEvent;
import io.amplifier.appapi.sessions.api.SessionId;
import io.amplifier.appapi.sessions.api.SessionMessageSubmittedEvent;
import io.amplifier.appapi.sessions.api.SessionParticipantSetEvent;
import io.amplifier.appapi.sessions.api.SessionStartedEvent;
import io.amplifier.appapi.sessions.api.SessionStatus;
import io.amplifier.appapi.sessions.api.SessionStatusChangedEvent;
import io.amplifier.appapi.sessions.api.SetSessionParticipantCommand;
import io.amplifier.appapi.sessions.api.StartSessionCommand;
import io.amplifier.appapi.sessions.api.SubmitSessionMessageCommand;
import java.util.List;
import java.util.Map;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Session aggregate's rules: who may do what, status, closing and one turn at a time. */
class SessionTest {

  private final SessionId id = SessionId.random();
  private FixtureConfiguration<Session> fixture;

  @BeforeEach
  void setUp() {
    fixture = new AggregateTestFixture<>(Session.class);
  }

  private SessionStartedEvent started() {
    return new SessionStartedEvent(id, "owner", "config-1", Map.of("k", "v"), Map.of(), null, null);
  }

  @Test
  void shouldStartASession() {
    fixture
        .givenNoPriorActivity()
        .when(
            new StartSessionCommand(
                id, "owner", "config-1", Map.of("k", "v"), Map.of(), null, null, List.of()))
        .expectEvents(started());
  }

  @Test
  void shouldAcceptTheOwnersMessageAsTheFirstTurn() {
    fixture
        .given(started())
        .when(new SubmitSessionMessageCommand(id, "owner", "turn-1", "hello", null))
        .expectEvents(new SessionMessageSubmittedEvent(id, "turn-1", 1, 1, "owner", "hello", null));
  }

  @Test
  void shouldRefuseASecondTurnWhileOneRuns() {
    fixture
        .given(
            started(), new SessionMessageSubmittedEvent(id, "turn-1", 1, 1, "owner", "hello", null))
        .when(new SubmitSessionMessageCommand(id, "owner", "turn-2", "again", null))
        .expectException(SessionRuleException.class)
        .expectExceptionMessage("A turn is already running in this session; wait or cancel it");
  }

  @Test
  void shouldRefuseMessagesFromAViewer() {
    fixture
        .given(started(), new SessionParticipantSetEvent(id, "bob", ParticipantRole.VIEWER))
        .when(new SubmitSessionMessageCommand(id, "bob", "turn-1", "hi", null))
        .expectException(SessionRuleException.class)
        .expectExceptionMessage("Viewers cannot send messages");
  }

  @Test
  void shouldHideTheSessionFromStrangers() {
    fixture
        .given(started())
        .when(new SubmitSessionMessageCommand(id, "mallory", "turn-1", "hi", null))
        .expectException(SessionRuleException.class)
        .expectExceptionMessage("Session not found");
  }

  @Test
  void shouldRejectMessageOnACompletedSession() {
    fixture
        .given(started(), new SessionStatusChangedEvent(id, SessionStatus.COMPLETED))
        .when(new SubmitSessionMessageCommand(id, "owner", "turn-1", "hi", null))
        .expectException(SessionRuleException.class)
        .expectExceptionMessage("Session is completed; resume it to send messages");
  }

  @Test
  void shouldNotMakeTheOwnerAParticipant() {
    fixture
        .given(started())
        .when(new SetSessionParticipantCommand(id, "owner", "owner", ParticipantRole.EDITOR, false))
        .expectException(SessionRuleException.class)
        .expectExceptionMessage("The owner is not a participant");
  }

  @Test
  void shouldCloseOnceAndThenRefuseStatusChanges() {
    fixture
        .given(started(), new SessionClosedEvent(id, "config deleted"))
        .when(new ChangeSessionStatusCommand(id, "owner", SessionStatus.ACTIVE))
        .expectException(SessionRuleException.class)
        .expectExceptionMessage("Session was closed: config deleted");
  }

  @Test
  void shouldIgnoreASecondClose() {
    fixture
        .given(started(), new SessionClosedEvent(id, "config deleted"))
        .when(new CloseSessionCommand(id, "again"))
        .expectNoEvents();
  }

  @Test
  void shouldLetTheOwnerDelete() {
    fixture
        .given(started())
        .when(new DeleteSessionCommand(id, "owner"))
        .expectEvents(new SessionDeletedEvent(id));
  }

  @Test
  void shouldRefuseDeletionByAnEditor() {
    fixture
        .given(started(), new SessionParticipantSetEvent(id, "bob", ParticipantRole.EDITOR))
        .when(new DeleteSessionCommand(id, "bob"))
        .expectException(SessionRuleException.class)
        .expectExceptionMessage("Only the session's owner may do this");
  }
}
