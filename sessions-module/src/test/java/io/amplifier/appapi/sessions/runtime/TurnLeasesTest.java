package io.amplifier.appapi.sessions.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.amplifier.appapi.sessions.api.SessionId;
import io.amplifier.appapi.sessions.api.SessionReplyRecordedEvent;
import io.amplifier.appapi.sessions.api.SessionTurnFailedEvent;
import io.amplifier.appapi.sessions.api.StartSessionCommand;
import io.amplifier.appapi.sessions.api.SubmitSessionMessageCommand;
import io.amplifier.appapi.testing.ModuleDatabase;
import io.amplifier.appapi.testing.ModuleEventStore;
import io.amplifier.appapi.users.api.Caller;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.axonframework.config.Configuration;
import org.axonframework.config.DefaultConfigurer;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.messaging.correlation.SimpleCorrelationDataProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

/**
 * Turn leases in the real {@code session_turn_leases} table, ending orphaned turns through the real
 * {@code Session} aggregate on a real event store: a lapsed lease (its node died) is swept and its
 * turn failed as the system, caused by the message that opened it; a cancel of an orphan records a
 * cancelled reply; live leases count against the per-user cap, lapsed ones do not.
 */
class TurnLeasesTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final JdbcTemplate jdbc = ModuleDatabase.migrated("sessions");
  private final Configuration axon =
      DefaultConfigurer.defaultConfiguration()
          .configureEventStore(c -> ModuleEventStore.eventStore())
          // the caller's metadata travels from command to event, as the application configures it
          .configureCorrelationDataProviders(
              c ->
                  List.of(
                      new SimpleCorrelationDataProvider(
                          Caller.USER_ID, Caller.APP_ID, Caller.ACTOR, Caller.CAUSATION_ID)))
          .configureAggregate(io.amplifier.appapi.sessions.command.SessionAccessForTests.type())
          .start();
  private final TurnLeases leases =
      new TurnLeases(
          jdbc,
          axon.commandGateway(),
          new TurnStreams(jdbc, JSON, 900, 200),
          new ParkedTurns(jdbc, JSON),
          60,
          new DataSourceTransactionManager(Objects.requireNonNull(jdbc.getDataSource())),
          1,
          0);
  private final String owner = "owner-" + UUID.randomUUID();

  @AfterEach
  void stop() {
    axon.shutdown();
  }

  /** A session with a turn opened by a node that then died: its lease renewed {@code ago}. */
  private SessionId orphan(String turnId, String ago) {
    SessionId session = new SessionId(UUID.randomUUID());
    axon.commandGateway()
        .sendAndWait(
            new StartSessionCommand(
                session,
                owner,
                UUID.randomUUID().toString(),
                Map.of(),
                Map.of(),
                null,
                null,
                List.of()));
    axon.commandGateway()
        .sendAndWait(
            new SubmitSessionMessageCommand(session, owner, turnId, "never answered", null));
    jdbc.update(
        "INSERT INTO session_turn_leases (turn_id, session_id, node_id, renewed_at)"
            + " VALUES (?, ?, 'dead-node', now() - ?::interval)",
        turnId,
        session.value(),
        ago);
    return session;
  }

  private static List<? extends DomainEventMessage<?>> events(SessionId session) {
    return ModuleEventStore.eventStore().readEvents(session.toString()).asStream().toList();
  }

  private long leaseRows(String turnId) {
    return jdbc.queryForObject(
        "SELECT count(*) FROM session_turn_leases WHERE turn_id = ?", Long.class, turnId);
  }

  @Test
  void shouldFailATurnWhoseNodeStoppedRenewingItsLease() {
    String turn = UUID.randomUUID().toString();
    SessionId session = orphan(turn, "1 hour");
    assertThat(leases.orphaned(session, turn)).isTrue();

    leases.sweep();

    List<? extends DomainEventMessage<?>> events = events(session);
    DomainEventMessage<?> failed = events.get(events.size() - 1);
    assertThat(failed.getPayload()).isInstanceOf(SessionTurnFailedEvent.class);
    assertThat(((SessionTurnFailedEvent) failed.getPayload()).turnId()).isEqualTo(turn);
    assertThat(failed.getMetaData())
        .containsEntry(Caller.USER_ID, Caller.SYSTEM_PRINCIPAL)
        .containsEntry(Caller.ACTOR, Caller.ACTOR_SYSTEM)
        .containsEntry(Caller.CAUSATION_ID, events.get(1).getIdentifier());
    assertThat(leaseRows(turn)).isZero();
  }

  @Test
  void shouldLeaveALiveLeaseAloneAndTreatAReleasedOneAsOrphaned() {
    String turn = UUID.randomUUID().toString();
    SessionId session = orphan(turn, "0 seconds");

    leases.sweep();

    assertThat(leases.orphaned(session, turn)).isFalse();
    assertThat(leaseRows(turn)).isEqualTo(1);
    assertThat(events(session)).hasSize(2);
    leases.release(session, turn);
    assertThat(leases.orphaned(session, turn)).isTrue();
  }

  @Test
  void shouldRecordACancelledReplyWhenAnOrphanIsCancelled() {
    String turn = UUID.randomUUID().toString();
    SessionId session = orphan(turn, "1 hour");

    leases.endOrphan(session, turn, true);

    Object last = events(session).get(events(session).size() - 1).getPayload();
    assertThat(last).isInstanceOf(SessionReplyRecordedEvent.class);
    assertThat(((SessionReplyRecordedEvent) last).cancelled()).isTrue();
    assertThat(leaseRows(turn)).isZero();
  }

  @Test
  void shouldCountOnlyLiveLeasesAgainstTheUsersCap() {
    SessionId session = new SessionId(UUID.randomUUID());
    String user = "capped-" + UUID.randomUUID();
    String first = UUID.randomUUID().toString();
    leases.acquire(session, first, user, "app", true);

    assertThatThrownBy(
            () -> leases.acquire(session, UUID.randomUUID().toString(), user, "app", true))
        .isInstanceOf(TurnQuotaException.class)
        .hasMessageContaining("TURN_MAX_CONCURRENT_PER_USER 1");
    leases.acquire(session, UUID.randomUUID().toString(), user, "app", false);

    jdbc.update(
        "UPDATE session_turn_leases SET renewed_at = now() - interval '1 hour' WHERE user_id = ?",
        user);
    String next = UUID.randomUUID().toString();
    leases.acquire(session, next, user, "app", true);
    assertThat(leases.orphaned(session, next)).isFalse();
  }
}
