package io.amplifier.appapi.sessions.runtime;

import io.amplifier.appapi.sessions.api.DecideSessionApprovalCommand;
import io.amplifier.appapi.sessions.api.RequestSessionApprovalCommand;
import io.amplifier.appapi.sessions.api.SessionApprovalDecidedEvent;
import io.amplifier.appapi.sessions.api.SessionApprovalRequestedEvent;
import io.amplifier.appapi.sessions.api.SessionId;
import io.amplifier.appapi.sessions.api.SessionMessageSubmittedEvent;
import io.amplifier.appapi.sessions.api.SessionView;
import io.amplifier.appapi.users.api.Caller;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.MetaData;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Approvals of tool calls, as the config's {@link ApprovalPolicy} asks: the {@link ToolCallGate} of
 * every turn. A call the policy denies is refused at once; one it asks about is recorded ({@link
 * SessionApprovalRequestedEvent}), and the turn is then parked ({@link TurnWait}, {@link
 * ParkedTurns}): it holds no thread until any node records the answer ({@link
 * SessionApprovalDecidedEvent}), the turn is cancelled, or {@code approval_timeout} passes, when
 * the node that wakes it records the policy's default as {@code system} ({@link #resolve}). The
 * wait does not count against the turn's own deadline.
 */
@Component
public class Approvals implements ToolCallGate {

  private static final Logger log = LoggerFactory.getLogger(Approvals.class);

  /** One approval waiting for an answer. */
  public record Pending(
      String approvalId, String turnId, String tool, String arguments, Instant requestedAt) {}

  /** How an approval was answered. */
  public record Answer(String approvalId, boolean allowed, @Nullable String reason) {}

  private final CommandGateway commands;
  private final EventStore eventStore;
  private final JdbcTemplate jdbc;

  Approvals(CommandGateway commands, EventStore eventStore, JdbcTemplate jdbc) {
    this.commands = commands;
    this.eventStore = eventStore;
    this.jdbc = jdbc;
  }

  @Override
  public Decision decide(TurnRunner.PreparedTurn turn, ToolCallRequest call) {
    return decide(turn, call, text -> {});
  }

  @Override
  public Decision decide(
      TurnRunner.PreparedTurn turn, ToolCallRequest call, TurnListener listener) {
    String ruling = turn.approvals().decisionFor(call.name());
    if (ApprovalPolicy.ALLOW.equals(ruling)) {
      return Decision.ALLOW;
    }
    if (ApprovalPolicy.DENY.equals(ruling)) {
      return Decision.deny("the config's approvals deny " + call.name());
    }
    SessionId session = turn.session().sessionId();
    String approvalId = UUID.randomUUID().toString();
    long asked =
        commands.sendAndWait(
            TurnRecorder.asActor(
                turn,
                new RequestSessionApprovalCommand(
                    session, turn.turnId(), approvalId, call.name(), call.arguments())));
    listener.onApprovalRequested(approvalId, call);
    throw new TurnWait(
        TurnWait.APPROVAL, approvalId, asked, Instant.now().plus(turn.approvals().timeout()));
  }

  /**
   * The answer to approval {@code approvalId} of a parked turn, read from the session's events
   * after {@code asked}: the recorded decision, a deny when the turn was cancelled, the policy's
   * default recorded as {@code system} once {@code until} has passed; null while it still waits.
   */
  AgentLoop.@Nullable Answer resolve(
      TurnRunner.PreparedTurn turn, String approvalId, long asked, Instant until) {
    SessionId session = turn.session().sessionId();
    TurnAnswer<SessionApprovalDecidedEvent> polled =
        poll(session, asked, turn.turnId(), approvalId);
    if (polled.answer() == null && !polled.cancelled() && Instant.now().isAfter(until)) {
      Duration wait = turn.approvals().timeout();
      try {
        commands.sendAndWait(
            GenericCommandMessage.asCommandMessage(
                    new DecideSessionApprovalCommand(
                        session,
                        Caller.SYSTEM_PRINCIPAL,
                        approvalId,
                        turn.approvals().allowsOnTimeout(),
                        "no answer within " + wait,
                        true))
                .withMetaData(
                    MetaData.with(Caller.USER_ID, Caller.SYSTEM_PRINCIPAL)
                        .and(Caller.APP_ID, Caller.SYSTEM_PRINCIPAL)
                        .and(Caller.ACTOR, Caller.ACTOR_SYSTEM)));
      } catch (RuntimeException answeredMeanwhile) {
        log.info(
            "Approval {} was not timed out here: {}", approvalId, answeredMeanwhile.toString());
      }
      polled = poll(session, asked, turn.turnId(), approvalId);
      if (polled.answer() == null && !polled.cancelled()) {
        return new AgentLoop.Answer(Decision.deny("no answer was recorded"), null, null);
      }
    }
    SessionApprovalDecidedEvent d = polled.answer();
    if (d != null) {
      return new AgentLoop.Answer(
          d.allowed()
              ? Decision.ALLOW
              : Decision.deny(d.reason() == null ? "not approved" : "not approved: " + d.reason()),
          d,
          null);
    }
    if (polled.cancelled()) {
      return new AgentLoop.Answer(Decision.deny("the turn was cancelled"), null, null);
    }
    return null;
  }

  private TurnAnswer<SessionApprovalDecidedEvent> poll(
      SessionId session, long from, String turnId, String approvalId) {
    return TurnAnswer.read(
        eventStore,
        session.toString(),
        from,
        turnId,
        SessionApprovalDecidedEvent.class,
        d -> d.approvalId().equals(approvalId));
  }

  /**
   * The approvals of {@code session} waiting for an answer (only its latest turn can have any),
   * oldest first; who may see the session is the caller's check.
   */
  public List<Pending> pending(SessionId session) {
    List<Long> opened =
        jdbc.queryForList(
            "SELECT sequencenumber FROM domainevententry WHERE aggregateidentifier = ?"
                + " AND payloadtype IN (?, ?) ORDER BY sequencenumber DESC LIMIT 1",
            Long.class,
            session.toString(),
            "sessions.SessionMessageSubmitted",
            SessionMessageSubmittedEvent.class.getName());
    if (opened.isEmpty()) {
      return List.of();
    }
    Map<String, Pending> pending = new LinkedHashMap<>();
    eventStore
        .readEvents(session.toString(), opened.get(0))
        .asStream()
        .forEach(
            (DomainEventMessage<?> e) -> {
              if (e.getPayload() instanceof SessionApprovalRequestedEvent r) {
                pending.put(
                    r.approvalId(),
                    new Pending(
                        r.approvalId(), r.turnId(), r.tool(), r.arguments(), e.getTimestamp()));
              } else if (e.getPayload() instanceof SessionApprovalDecidedEvent d) {
                pending.remove(d.approvalId());
              }
            });
    return new ArrayList<>(pending.values());
  }

  /**
   * Answers approval {@code approvalId} of {@code session} as {@code requesterId} (an owner or
   * editor); throws the session's rule exceptions (not found, forbidden, no such pending approval).
   */
  public Answer answer(
      SessionView session,
      String requesterId,
      String approvalId,
      boolean allowed,
      @Nullable String reason) {
    commands.sendAndWait(
        new DecideSessionApprovalCommand(
            session.sessionId(), requesterId, approvalId, allowed, reason, false));
    return new Answer(approvalId, allowed, reason);
  }
}
