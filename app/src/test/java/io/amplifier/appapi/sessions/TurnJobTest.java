package io.amplifier.appapi.sessions;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.amplifier.appapi.ApiTest;
import io.amplifier.appapi.Http;
import io.amplifier.appapi.OneUserTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Turns as jobs over real HTTP: a turn started with {@code POST /turns} runs without any
 * connection, is read and cancelled by id, and its stream, read with {@code Last-Event-ID} after a
 * dropped connection, loses and repeats nothing.
 */
@ApiTest
class TurnJobTest extends OneUserTest {

  String session(long delayMillis) {
    return Turns.echoSession(http, delayMillis);
  }

  JsonNode awaitStatus(Http client, String turnPath, String status) throws InterruptedException {
    JsonNode turn = null;
    for (int i = 0; i < 200; i++) {
      turn = client.get(turnPath).json();
      if (status.equals(turn.path("status").asText())) {
        return turn;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("turn never became " + status + ": " + turn);
  }

  @Test
  void shouldRunATurnAsAJobAndAnswerItsStatusResultAndEvents() throws Exception {
    String session = session(0);

    Http.Response accepted =
        http.post("/sessions/" + session + "/turns", Map.of("message", "hello there"));

    assertThat(accepted.status()).isEqualTo(202);
    String turnId = accepted.json().get("turn_id").asText();
    String turnPath = "/sessions/" + session + "/turns/" + turnId;
    assertThat(accepted.header("Location")).isEqualTo(turnPath);
    assertThat(accepted.json().get("events").asText()).isEqualTo(turnPath + "/events");
    JsonNode turn = awaitStatus(http, turnPath, "completed");
    assertThat(turn.get("result").asText()).isEqualTo("Echo: hello there");
    assertThat(turn.get("message").asText()).isEqualTo("hello there");
    assertThat(turn.get("usage").get("model").asText()).isEqualTo("echo");
    assertThat(turn.get("tool_calls").isArray()).isTrue();
    assertThat(turn.get("ended_at").isNull()).isFalse();

    List<TurnEvents.Event> events = TurnEvents.read(port, user, turnPath + "/events", null, 1000);
    assertThat(events)
        .extracting(TurnEvents.Event::id)
        .containsExactlyElementsOf(
            IntStream.rangeClosed(1, events.size()).mapToObj(i -> (long) i).toList());
    assertThat(events.get(0).type()).isEqualTo("connected");
    assertThat(events.get(0).data().get("turn_id").asText()).isEqualTo(turnId);
    assertThat(events.get(events.size() - 2).data().get("content").asText())
        .isEqualTo("Echo: hello there");
    assertThat(events.get(events.size() - 1).type()).isEqualTo("done");
    assertThat(http.get("/sessions/" + session + "/messages").json().get("messages")).hasSize(2);
  }

  @Test
  void shouldResumeADroppedStreamWithLastEventIdLosingAndRepeatingNothing() throws Exception {
    String session = session(40);
    String turnId = Turns.startTurn(http, session, Turns.words(40));
    String events = "/sessions/" + session + "/turns/" + turnId + "/events";

    List<TurnEvents.Event> first = TurnEvents.read(port, user, events, null, 6);
    Thread.sleep(300); // the turn goes on without any connection
    List<TurnEvents.Event> rest =
        TurnEvents.read(
            port, user, events, String.valueOf(first.get(first.size() - 1).id()), 10_000);

    List<TurnEvents.Event> all = new ArrayList<>(first);
    all.addAll(rest);
    assertThat(first).hasSize(6);
    assertThat(all)
        .extracting(TurnEvents.Event::id)
        .as("ids 1..n, each once")
        .containsExactlyElementsOf(
            IntStream.rangeClosed(1, all.size()).mapToObj(i -> (long) i).toList());
    String streamed =
        all.stream()
            .filter(e -> e.type().equals("content_block:delta"))
            .map(e -> e.data().get("text").asText())
            .collect(Collectors.joining());
    assertThat(streamed).isEqualTo("Echo: " + Turns.words(40));
    assertThat(all.get(all.size() - 2).data().get("content").asText()).isEqualTo(streamed);
    assertThat(all.get(all.size() - 1).type()).isEqualTo("done");

    List<TurnEvents.Event> afterTheEnd =
        TurnEvents.read(port, user, events, String.valueOf(all.size() - 1), 10);
    assertThat(afterTheEnd).as("kept after the turn ended").hasSize(1);
    assertThat(afterTheEnd.get(0).type()).isEqualTo("done");
  }

  @Test
  void shouldCancelATurnByIdAndRefuseASecondCancel() throws Exception {
    String session = session(200);
    String turnId = Turns.startTurn(http, session, Turns.words(50));
    String turnPath = "/sessions/" + session + "/turns/" + turnId;

    Http.Response second = http.post("/sessions/" + session + "/turns", Map.of("message", "again"));
    Http.Response cancel = http.delete(turnPath);

    assertThat(second.status()).as("one turn at a time").isEqualTo(409);
    assertThat(cancel.status()).isEqualTo(202);
    assertThat(cancel.json().get("turn_id").asText()).isEqualTo(turnId);
    JsonNode turn = awaitStatus(http, turnPath, "cancelled");
    assertThat(turn.get("cancel_requested").asBoolean()).isTrue();
    assertThat(turn.get("result").asText()).isNotEqualTo("Echo: " + Turns.words(50));
    List<TurnEvents.Event> events = TurnEvents.read(port, user, turnPath + "/events", null, 10_000);
    assertThat(events.get(events.size() - 2).data().get("cancelled").asBoolean()).isTrue();
    assertThat(events.get(events.size() - 1).type()).isEqualTo("done");
    Http.Response again = http.delete(turnPath);
    assertThat(again.status()).isEqualTo(409);
    assertThat(again.json().get("type").asText()).isEqualTo("/problems/conflict");
  }

  @Test
  void shouldLetViewersReadTurnsButNotRunOrCancelThemAndHideThemFromOthers() throws Exception {
    String session = session(200);
    String viewer = "viewer-" + UUID.randomUUID();
    http.post(
        "/sessions/" + session + "/participants", Map.of("user_id", viewer, "role", "viewer"));
    String turnId = Turns.startTurn(http, session, Turns.words(20));
    String turnPath = "/sessions/" + session + "/turns/" + turnId;
    Http asViewer = new Http(port).with("X-User-ID", viewer);
    Http stranger = new Http(port).with("X-User-ID", "stranger-" + UUID.randomUUID());

    assertThat(asViewer.get(turnPath).status()).isEqualTo(200);
    assertThat(asViewer.post("/sessions/" + session + "/turns", Map.of("message", "x")).status())
        .isEqualTo(403);
    assertThat(asViewer.delete(turnPath).status()).isEqualTo(403);
    assertThat(stranger.get(turnPath).status()).isEqualTo(404);
    assertThat(stranger.get(turnPath + "/events").status()).isEqualTo(404);
    assertThat(stranger.delete(turnPath).status()).isEqualTo(404);
    assertThat(http.get("/sessions/" + session + "/turns/" + UUID.randomUUID()).status())
        .isEqualTo(404);
    assertThat(http.get("/sessions/" + session + "/turns/not-a-turn").status()).isEqualTo(404);
    Http.Response badId = http.with("Last-Event-ID", "yesterday").get(turnPath + "/events");
    assertThat(badId.status()).isEqualTo(422);
    assertThat(badId.json().get("errors").get(0).get("field").asText()).isEqualTo("Last-Event-ID");
    assertThat(http.delete(turnPath).status()).isEqualTo(202);
  }
}
