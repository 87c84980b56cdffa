package io.amplifier.appapi.sessions.command;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import io.amplifier.appapi.sessions.api.CancelSessionTurnCommand;
import io.amplifier.appapi.sessions.api.ChangeSessionStatusCommand;
import io.amplifier.appapi.sessions.api.CloseSessionCommand;
import io.amplifier.appapi.sessions.api.CompactSessionContextCommand;
import io.amplifier.appapi.sessions.api.DecideSessionApprovalCommand;
import io.amplifier.appapi.sessions.api.DeleteSessionCommand;
import io.amplifier.appapi.sessions.api.DropQueuedSessionTurnCommand;
import io.amplifier.appapi.sessions.api.EnqueueSessionTurnCommand;
import io.amplifier.appapi.sessions.api.FailSessionTurnCommand;
import io.amplifier.appapi.sessions.api.ParticipantRole;
import io.amplifier.appapi.sessions.api.RecordSessionContextCommand;
import io.amplifier.appapi.sessions.api.RecordSessionReplyCommand;
import io.amplifier.appapi.sessions.api.RecordSessionToolCallCommand;
import io.amplifier.appapi.sessions.api.RecordSessionUsageCommand;
import io.amplifier.appapi.sessions.api.RemoveSessionParticipantCommand;
import io.amplifier.appapi.sessions.api.RequestSessionApprovalCommand;
import io.amplifier.appapi.sessions.api.RequestSessionToolResultCommand;
import io.amplifier.appapi.sessions.api.SessionApprovalDecidedEvent;
import io.amplifier.appapi.sessions.api.SessionApprovalRequestedEvent;
import io.amplifier.appapi.sessions.api.SessionClosedEvent;
import io.amplifier.appapi.sessions.api.SessionContextCompactedEvent;
import io.amplifier.appapi.sessions.api.SessionContextMeasuredEvent;
import io.amplifier.appapi.sessions.api.SessionDeletedEvent;
import io.amplifier.appapi.sessions.api.SessionErrorCode;
import io.amplifier.appapi.sessions.api.SessionId;
import io.amplifier.appapi.sessions.api.SessionMessageSubmittedEvent;
import io.amplifier.appapi.sessions.api.SessionParticipantRemovedEvent;
import io.amplifier.appapi.sessions.api.SessionParticipantSetEvent;
import io.amplifier.appapi.sessions.api.SessionReplyRecordedEvent;
import io.amplifier.appapi.sessions.api.SessionStarted;
import io.amplifier.appapi.sessions.api.SessionStartedEvent;
import io.amplifier.appapi.sessions.api.SessionStatus;
import io.amplifier.appapi.sessions.api.SessionStatusChangedEvent;
import io.amplifier.appapi.sessions.api.SessionToolCalledEvent;
import io.amplifier.appapi.sessions.api.SessionToolResultRequestedEvent;
import io.amplifier.appapi.sessions.api.SessionToolResultSubmittedEvent;
import io.amplifier.appapi.sessions.api.SessionTurnCancelRequestedEvent;
import io.amplifier.appapi.sessions.api.SessionTurnDequeuedEvent;
import io.amplifier.appapi.sessions.api.SessionTurnEnqueuedEvent;
import io.amplifier.appapi.sessions.api.SessionTurnFailedEvent;
import io.amplifier.appapi.sessions.api.SessionTurnRolledBackEvent;
import io.amplifier.appapi.sessions.api.SessionUsageRecordedEvent;
import io.amplifier.appapi.sessions.api.SetSessionParticipantCommand;
import io.amplifier.appapi.sessions.api.StartSessionCommand;
import io.amplifier.appapi.sessions.api.SubmitSessionMessageCommand;
import io.amplifier.appapi.sessions.api.SubmitSessionToolResultsCommand;
import io.amplifier.appapi.sessions.api.ToolCall;
import io.amplifier.appapi.sessions.api.TranscriptEntry;
import io.amplifier.appapi.users.api.Caller;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;
import org.jspecify.annotations.Nullable;

/**
 * A session: who may do what, its status, and whether a turn runs. It keeps no transcript (the read
 * model does), only counters, so its state stays small however long the conversation grows;
 * snapshots every 250 events keep loading it fast. A snapshot carries this class's revision and one
 * of another revision is ignored (the session is folded from its events instead): bump it whenever
 * a field changes. Command handlers answer the sequence number of the event they produced, which
 * readers wait for.
 */
@Aggregate(snapshotTriggerDefinition = "sessionSnapshotTrigger")
@org.axonframework.serialization.Revision("3")
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY)
class Session {

  /** Participants one session may have besides its owner. */
  static final int MAX_PARTICIPANTS = 100;

  @AggregateIdentifier private SessionId sessionId;
  private String ownerId;
  private SessionStatus status;
  private Map<String, ParticipantRole> participants = new HashMap<>();
  private @Nullable String runningTurn;

  /** Approvals asked and not yet answered: approval id to turn id. */
  private Map<String, String> pendingApprovals = new HashMap<>();

  /** Calls of client-declared tools waiting for the client's result: call id to turn id. */
  private Map<String, String> pendingToolResults = new HashMap<>();

  private int turns;
  private int messages;

  /** Turns waiting for theirs, in order ({@code multitask_strategy}, {@link SessionQueue}). */
  private List<String> queued = new ArrayList<>();

  /** Turns to drop from the transcript once they end (a {@code rollback} asked). */
  private Map<String, String> rollingBack = new HashMap<>();

  private int enqueued;
  private boolean deleted;
  private @Nullable String closedBecause;
  private long sequence = -1;

  /** When this instance applied its start (only for the start's answer; never in a snapshot). */
  @com.fasterxml.jackson.annotation.JsonIgnore private transient @Nullable Instant startedAt;

  /** For Axon, which rebuilds the aggregate from its events (or a snapshot). */
  protected Session() {}

  /** Starts the session (a new aggregate each time), a fork with its copied transcript. */
  @CommandHandler
  @CreationPolicy(AggregateCreationPolicy.ALWAYS)
  SessionStarted handle(StartSessionCommand command) {
    apply(
        new SessionStartedEvent(
            command.sessionId(),
            command.ownerId(),
            command.configId(),
            command.tags(),
            command.metadata(),
            command.forkedFrom(),
            command.forkedAfterTurn()));
    // The places in the transcript are counted here, from the command.
    int turn = 0;
    int seq = 0;
    for (TranscriptEntry entry : command.transcript()) {
      seq++;
      if ("user".equals(entry.role())) {
        turn++;
        apply(
            new SessionMessageSubmittedEvent(
                command.sessionId(),
                entry.turnId(),
                turn,
                seq,
                command.ownerId(),
                entry.content(),
                entry.context()));
      } else if ("tool".equals(entry.role()) && entry.tool() != null) {
        apply(
            new SessionToolCalledEvent(
                command.sessionId(), entry.turnId(), seq, entry.tool().bounded()));
      } else {
        apply(
            new SessionReplyRecordedEvent(
                command.sessionId(),
                entry.turnId(),
                seq,
                entry.content(),
                Map.of(),
                entry.cancelled()));
      }
    }
    return new SessionStarted(
        sequence, java.util.Objects.requireNonNull(startedAt, "the start was just applied"));
  }

  @CommandHandler
  long handle(SubmitSessionMessageCommand command) {
    ParticipantRole role = requireVisible(command.requesterId());
    if (role == ParticipantRole.VIEWER) {
      throw new SessionRuleException(SessionErrorCode.FORBIDDEN, "Viewers cannot send messages");
    }
    if (status != SessionStatus.ACTIVE) {
      throw new SessionRuleException(
          SessionErrorCode.CLOSED, "Session is " + status.wire() + "; resume it to send messages");
    }
    if (runningTurn != null) {
      throw new TurnRunningException(
          runningTurn,
          queued.size(),
          "A turn is already running in this session; wait or cancel it");
    }
    SessionQueue.requireNext(queued, command.turnId());
    apply(
        new SessionMessageSubmittedEvent(
            sessionId,
            command.turnId(),
            turns + 1,
            messages + 1,
            command.requesterId(),
            command.content(),
            command.context()));
    return sequence;
  }

  @CommandHandler
  long handle(RecordSessionReplyCommand command) {
    requireTurn(command.turnId());
    apply(
        new SessionReplyRecordedEvent(
            sessionId,
            command.turnId(),
            messages + 1,
            command.content(),
            command.usage(),
            command.cancelled()));
    SessionQueue.rollBackIfAsked(sessionId, rollingBack, command.turnId());
    return sequence;
  }

  @CommandHandler
  long handle(RecordSessionToolCallCommand command) {
    requireTurn(command.turnId());
    apply(
        new SessionToolCalledEvent(
            sessionId, command.turnId(), messages + 1, command.call().bounded()));
    return sequence;
  }

  @CommandHandler
  long handle(RequestSessionApprovalCommand command) {
    requireTurn(command.turnId());
    apply(
        new SessionApprovalRequestedEvent(
            sessionId,
            command.turnId(),
            command.approvalId(),
            command.tool(),
            new io.amplifier.appapi.sessions.api.ToolCall(
                    "", command.tool(), command.arguments(), "", false)
                .bounded()
                .arguments()));
    return sequence;
  }

  @CommandHandler
  long handle(DecideSessionApprovalCommand command) {
    String decidedBy = Caller.ACTOR_SYSTEM;
    if (!command.system()) {
      ParticipantRole role = requireVisible(command.requesterId());
      if (role == ParticipantRole.VIEWER) {
        throw new SessionRuleException(
            SessionErrorCode.FORBIDDEN, "Viewers cannot answer approvals");
      }
      decidedBy = command.requesterId();
    }
    String turnId = pendingApprovals.get(command.approvalId());
    if (turnId == null) {
      throw new SessionRuleException(
          SessionErrorCode.NO_APPROVAL, "No such pending approval in this session");
    }
    apply(
        new SessionApprovalDecidedEvent(
            sessionId,
            turnId,
            command.approvalId(),
            command.allowed(),
            command.reason(),
            decidedBy));
    return sequence;
  }

  @CommandHandler
  long handle(RequestSessionToolResultCommand command) {
    requireTurn(command.turnId());
    apply(
        new SessionToolResultRequestedEvent(
            sessionId,
            command.turnId(),
            command.callId(),
            command.tool(),
            new ToolCall(command.callId(), command.tool(), command.arguments(), "", false)
                .bounded()
                .arguments()));
    return sequence;
  }

  @CommandHandler
  long handle(SubmitSessionToolResultsCommand command) {
    ParticipantRole role = requireVisible(command.requesterId());
    if (role == ParticipantRole.VIEWER) {
      throw new SessionRuleException(
          SessionErrorCode.FORBIDDEN, "Viewers cannot answer tool calls");
    }
    if (!command.turnId().equals(runningTurn) || !pendingToolResults.containsValue(runningTurn)) {
      throw new SessionRuleException(
          SessionErrorCode.NOT_WAITING, "The turn is not waiting for tool results");
    }
    for (SubmitSessionToolResultsCommand.Result result : command.results()) {
      if (!command.turnId().equals(pendingToolResults.get(result.callId()))) {
        throw new SessionRuleException(
            SessionErrorCode.UNKNOWN_CALL,
            "The turn does not wait for a result of call '" + result.callId() + "'");
      }
    }
    for (SubmitSessionToolResultsCommand.Result result : command.results()) {
      ToolCall bounded =
          new ToolCall(result.callId(), "", "", result.output(), result.error()).bounded();
      apply(
          new SessionToolResultSubmittedEvent(
              sessionId, command.turnId(), result.callId(), bounded.output(), result.error()));
    }
    return sequence;
  }

  @CommandHandler
  long handle(FailSessionTurnCommand command) {
    requireTurn(command.turnId());
    apply(new SessionTurnFailedEvent(sessionId, command.turnId(), command.reason()));
    SessionQueue.rollBackIfAsked(sessionId, rollingBack, command.turnId());
    if (command.unrecoverable()) {
      apply(new SessionStatusChangedEvent(sessionId, SessionStatus.FAILED));
    }
    return sequence;
  }

  @CommandHandler
  long handle(CancelSessionTurnCommand command) {
    ParticipantRole role = requireVisible(command.requesterId());
    if (role == ParticipantRole.VIEWER) {
      throw new SessionRuleException(SessionErrorCode.FORBIDDEN, "Viewers cannot cancel turns");
    }
    if (runningTurn == null) {
      throw new SessionRuleException(
          SessionErrorCode.NO_TURN_RUNNING, "No turn is running in this session");
    }
    if (command.turnId() != null && !command.turnId().equals(runningTurn)) {
      throw new SessionRuleException(SessionErrorCode.NO_TURN_RUNNING, "That turn is not running");
    }
    apply(new SessionTurnCancelRequestedEvent(sessionId, runningTurn, command.requesterId()));
    return sequence;
  }

  @CommandHandler
  long handle(CloseSessionCommand command) {
    if (!deleted && closedBecause == null) {
      apply(new SessionClosedEvent(sessionId, command.reason()));
    }
    return sequence;
  }

  @CommandHandler
  long handle(ChangeSessionStatusCommand command) {
    requireOwner(command.requesterId());
    if (closedBecause != null) {
      throw new SessionRuleException(
          SessionErrorCode.CLOSED, "Session was closed: " + closedBecause);
    }
    if (command.status() != status) {
      apply(new SessionStatusChangedEvent(sessionId, command.status()));
    }
    return sequence;
  }

  @CommandHandler
  long handle(DeleteSessionCommand command) {
    requireOwner(command.requesterId());
    apply(new SessionDeletedEvent(sessionId));
    return sequence;
  }

  @CommandHandler
  long handle(SetSessionParticipantCommand command) {
    requireOwner(command.requesterId());
    if (command.mustExist() && !participants.containsKey(command.userId())) {
      throw new SessionRuleException(SessionErrorCode.NO_PARTICIPANT, "Participant not found");
    }
    if (command.userId().equals(ownerId)) {
      throw new SessionRuleException(SessionErrorCode.FORBIDDEN, "The owner is not a participant");
    }
    if (!participants.containsKey(command.userId()) && participants.size() >= MAX_PARTICIPANTS) {
      throw new SessionRuleException(
          SessionErrorCode.TOO_MANY_PARTICIPANTS,
          "A session has at most " + MAX_PARTICIPANTS + " participants");
    }
    apply(new SessionParticipantSetEvent(sessionId, command.userId(), command.role()));
    return sequence;
  }

  @CommandHandler
  long handle(RemoveSessionParticipantCommand command) {
    requireOwner(command.requesterId());
    if (!participants.containsKey(command.userId())) {
      throw new SessionRuleException(SessionErrorCode.NO_PARTICIPANT, "Participant not found");
    }
    apply(new SessionParticipantRemovedEvent(sessionId, command.userId()));
    return sequence;
  }

  /** Owner gets null (all rights), a participant their role; anyone else is told "not found". */
  private @Nullable ParticipantRole requireVisible(String userId) {
    if (deleted) {
      throw notFound();
    }
    if (ownerId.equals(userId)) {
      return null;
    }
    ParticipantRole role = participants.get(userId);
    if (role == null) {
      throw notFound();
    }
    return role;
  }

  private void requireOwner(String userId) {
    if (requireVisible(userId) != null) {
      throw new SessionRuleException(
          SessionErrorCode.FORBIDDEN, "Only the session's owner may do this");
    }
  }

  private void requireTurn(String turnId) {
    if (!turnId.equals(runningTurn)) {
      throw new SessionRuleException(SessionErrorCode.NO_TURN_RUNNING, "That turn is not running");
    }
  }

  private static SessionRuleException notFound() {
    return new SessionRuleException(SessionErrorCode.NOT_FOUND, "Session not found");
  }

  @EventSourcingHandler
  void on(
      SessionStartedEvent event,
      @SequenceNumber long sequence,
      @org.axonframework.eventhandling.Timestamp Instant at) {
    startedAt = at;
    sessionId = event.sessionId();
    ownerId = event.ownerId();
    status = SessionStatus.ACTIVE;
    this.sequence = sequence;
  }

  @EventSourcingHandler
  void on(SessionMessageSubmittedEvent event, @SequenceNumber long sequence) {
    queued.remove(event.turnId());
    runningTurn = event.turnId();
    turns = event.turn();
    messages = event.seq();
    this.sequence = sequence;
  }

  @EventSourcingHandler
  void on(SessionReplyRecordedEvent event, @SequenceNumber long sequence) {
    runningTurn = null;
    pendingApprovals.clear();
    pendingToolResults.clear();
    messages = event.seq();
    this.sequence = sequence;
  }

  @EventSourcingHandler
  void on(SessionToolCalledEvent event, @SequenceNumber long sequence) {
    messages = event.seq();
    this.sequence = sequence;
  }

  @EventSourcingHandler
  void on(SessionToolResultRequestedEvent event, @SequenceNumber long sequence) {
    pendingToolResults.put(event.callId(), event.turnId());
    this.sequence = sequence;
  }

  @EventSourcingHandler
  void on(SessionToolResultSubmittedEvent event, @SequenceNumber long sequence) {
    pendingToolResults.remove(event.callId());
    this.sequence = sequence;
  }

  @EventSourcingHandler
  void on(SessionApprovalRequestedEvent event, @SequenceNumber long sequence) {
    pendingApprovals.put(event.approvalId(), event.turnId());
    this.sequence = sequence;
  }

  @EventSourcingHandler
  void on(SessionApprovalDecidedEvent event, @SequenceNumber long sequence) {
    pendingApprovals.remove(event.approvalId());
    this.sequence = sequence;
  }

  @EventSourcingHandler
  void on(SessionTurnFailedEvent event, @SequenceNumber long sequence) {
    runningTurn = null;
    pendingApprovals.clear();
    pendingToolResults.clear();
    this.sequence = sequence;
  }

  @EventSourcingHandler
  void on(SessionTurnCancelRequestedEvent event, @SequenceNumber long sequence) {
    this.sequence = sequence;
  }

  @EventSourcingHandler
  void on(SessionStatusChangedEvent event, @SequenceNumber long sequence) {
    status = event.status();
    this.sequence = sequence;
  }

  @EventSourcingHandler
  void on(SessionClosedEvent event, @SequenceNumber long sequence) {
    status = SessionStatus.CANCELLED;
    closedBecause = event.reason();
    this.sequence = sequence;
  }

  @EventSourcingHandler
  void on(SessionDeletedEvent event, @SequenceNumber long sequence) {
    deleted = true;
    this.sequence = sequence;
  }

  @EventSourcingHandler
  void on(SessionParticipantSetEvent event, @SequenceNumber long sequence) {
    participants.put(event.userId(), event.role());
    this.sequence = sequence;
  }

  @EventSourcingHandler
  void on(SessionParticipantRemovedEvent event, @SequenceNumber long sequence) {
    participants.remove(event.userId());
    this.sequence = sequence;
  }

  @CommandHandler
  long handle(EnqueueSessionTurnCommand command) {
    ParticipantRole role = requireVisible(command.requesterId());
    if (role == ParticipantRole.VIEWER) {
      throw new SessionRuleException(SessionErrorCode.FORBIDDEN, "Viewers cannot send messages");
    }
    if (status != SessionStatus.ACTIVE) {
      throw new SessionRuleException(
          SessionErrorCode.CLOSED, "Session is " + status.wire() + "; resume it to send messages");
    }
    if (runningTurn == null && queued.isEmpty()) {
      return -1; // nothing runs: the message's turn starts as any other
    }
    SessionQueue.requireRoom(queued, runningTurn, command.maxQueued());
    String interrupted = null;
    if (!"enqueue".equals(command.strategy()) && runningTurn != null) {
      interrupted = runningTurn;
      apply(new SessionTurnCancelRequestedEvent(sessionId, runningTurn, command.requesterId()));
    }
    apply(
        new SessionTurnEnqueuedEvent(
            sessionId,
            command.turnId(),
            enqueued + 1,
            command.requesterId(),
            command.content(),
            command.context(),
            command.strategy(),
            interrupted,
            command.streamed(),
            command.tools()));
    return sequence;
  }

  @CommandHandler
  long handle(DropQueuedSessionTurnCommand command) {
    if (queued.contains(command.turnId())) {
      apply(new SessionTurnDequeuedEvent(sessionId, command.turnId(), command.reason()));
    }
    return sequence;
  }

  /** Records a provider call's tokens: a fact of the turn, kept even once the session is closed. */
  @CommandHandler
  long handle(RecordSessionUsageCommand command) {
    if (deleted) {
      throw new SessionRuleException(SessionErrorCode.NOT_FOUND, "Session not found");
    }
    apply(
        new SessionUsageRecordedEvent(
            sessionId,
            command.turnId(),
            command.userId(),
            command.appId(),
            command.configId(),
            command.provider(),
            command.model(),
            command.inputTokens(),
            command.outputTokens(),
            command.cachedTokens(),
            command.reservedTokens()));
    return sequence;
  }

  @CommandHandler
  long handle(RecordSessionContextCommand command) {
    requireTurn(command.turnId());
    apply(
        new SessionContextMeasuredEvent(
            sessionId,
            command.turnId(),
            command.tokens(),
            command.window(),
            command.strategy(),
            command.omitted(),
            command.counting()));
    return sequence;
  }

  @EventSourcingHandler
  void on(SessionContextMeasuredEvent event, @SequenceNumber long sequence) {
    this.sequence = sequence;
  }

  @CommandHandler
  long handle(CompactSessionContextCommand command) {
    requireTurn(command.turnId());
    apply(
        new SessionContextCompactedEvent(
            sessionId,
            command.turnId(),
            command.fromMessage(),
            command.throughMessage(),
            command.summary(),
            command.tokensBefore(),
            command.tokensAfter()));
    return sequence;
  }

  @EventSourcingHandler
  void on(SessionTurnEnqueuedEvent event, @SequenceNumber long sequence) {
    queued.add(event.turnId());
    enqueued = event.position();
    if ("rollback".equals(event.strategy()) && event.interrupted() != null) {
      rollingBack.put(event.interrupted(), event.turnId());
    }
    this.sequence = sequence;
  }

  @EventSourcingHandler
  void on(SessionTurnDequeuedEvent event, @SequenceNumber long sequence) {
    queued.remove(event.turnId());
    this.sequence = sequence;
  }

  @EventSourcingHandler
  void on(SessionTurnRolledBackEvent event, @SequenceNumber long sequence) {
    rollingBack.remove(event.turnId());
    this.sequence = sequence;
  }

  @EventSourcingHandler
  void on(SessionUsageRecordedEvent event, @SequenceNumber long sequence) {
    this.sequence = sequence;
  }

  @EventSourcingHandler
  void on(SessionContextCompactedEvent event, @SequenceNumber long sequence) {
    this.sequence = sequence;
  }
}
