package io.amplifier.appapi.sessions;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.amplifier.appapi.ApiTest;
import io.amplifier.appapi.Http;
import io.amplifier.appapi.sessions.api.SessionId;
import io.amplifier.appapi.sessions.api.SessionMessageSubmittedEvent;
import io.amplifier.appapi.sessions.api.SessionReplyRecordedEvent;
import io.amplifier.appapi.users.api.Caller;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.MetaData;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Issue 21 point 5 at 20,000 events: a session's as-of read folds its events once (linear), its
 * history checks the reader before it loads anything, and a fork checks its size on an outline
 * before it copies. The events are appended straight to the event store (10,000 turns), so the test
 * spends its time on the reads it is about, not on 10,000 HTTP turns.
 */
@ApiTest
class SessionScaleTest {

  static final int EVENTS = 20_000;

  @LocalServerPort int port;
  @Autowired EventStore events;
  @Autowired io.amplifier.appapi.platform.projections.TokenPositions positions;
  @Autowired org.springframework.jdbc.core.JdbcTemplate jdbc;

  @Test
  void shouldReadForkAndGuardTheHistoryOfATwentyThousandEventSession() throws Exception {
    Http owner = new Http(port).with("X-User-ID", "scale-owner");
    String config =
        owner
            .post(
                "/configs",
                Map.of(
                    "name",
                    "scale",
                    "config_data",
                    Turns.document("scale", "provider-echo", Map.of("api_key", "sk-scale"))))
            .json()
            .get("config_id")
            .asText();
    Http.Response started = owner.post("/sessions", Map.of("config_id", config));
    assertThat(started.status()).as(started.toString()).isEqualTo(201);
    String session = started.json().get("session_id").asText();
    SessionId id = new SessionId(UUID.fromString(session));
    long sequence = events.lastSequenceNumberFor(id.toString()).orElse(-1L);

    List<DomainEventMessage<?>> batch = new ArrayList<>();
    MetaData who = MetaData.with(Caller.USER_ID, "scale-owner").and(Caller.APP_ID, "dev-app");
    for (int turn = 1; turn <= EVENTS / 2; turn++) {
      String turnId = "scale-turn-" + turn;
      batch.add(
          message(
              id,
              ++sequence,
              new SessionMessageSubmittedEvent(
                  id, turnId, turn, 2 * turn - 1, "scale-owner", "question " + turn, null),
              who));
      batch.add(
          message(
              id,
              ++sequence,
              new SessionReplyRecordedEvent(
                  id, turnId, 2 * turn, "answer " + turn, Map.of(), false),
              who));
      if (batch.size() == 1_000) {
        events.publish(batch);
        batch.clear();
      }
    }
    events.publish(batch);
    long last = sequence;

    Http.Response asOf =
        owner.get("/sessions/" + session + "/messages?limit=10&after=19995&version=" + last);
    assertThat(asOf.status()).as(asOf.toString()).isEqualTo(200);
    JsonNode messages = asOf.json().get("messages");
    assertThat(messages.size()).as(asOf.toString()).isEqualTo(5);
    assertThat(messages.get(4).get("content").asText()).isEqualTo("answer " + EVENTS / 2);

    Http stranger = new Http(port).with("X-User-ID", "scale-stranger");
    assertThat(stranger.get("/sessions/" + session + "/history").status()).isEqualTo(404);
    Http.Response history = owner.get("/sessions/" + session + "/history?limit=5");
    assertThat(history.status()).as(history.toString()).isEqualTo(200);

    Http.Response fork = owner.post("/sessions/" + session + "/fork", Map.of());
    assertThat(fork.status()).as(fork.toString()).isIn(413, 422);
    assertThat(fork.body()).contains("1000");
    awaitProjections();
  }

  /**
   * The projections of this shared context have 20,000 events more to go through: wait (bounded)
   * until each is past them, so that the next test's reads do not wait for them.
   */
  private void awaitProjections() throws InterruptedException {
    Long head = jdbc.queryForObject("SELECT max(globalindex) FROM domainevententry", Long.class);
    for (String processor :
        List.of("config-view", "recipe-view", "session-view", "application-view", "audit-log")) {
      for (int i = 0; i < 600; i++) {
        java.util.OptionalLong at = positions.lowest(processor);
        if (at.isEmpty() || head == null || at.getAsLong() >= head) {
          break;
        }
        Thread.sleep(100);
      }
    }
  }

  private static <T> DomainEventMessage<T> message(
      SessionId id, long sequence, T payload, MetaData metadata) {
    return new GenericDomainEventMessage<>("Session", id.toString(), sequence, payload, metadata);
  }
}
