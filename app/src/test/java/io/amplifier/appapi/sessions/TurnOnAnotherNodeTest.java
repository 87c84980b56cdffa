package io.amplifier.appapi.sessions;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.amplifier.appapi.AmplifierApplication;
import io.amplifier.appapi.ApiTest;
import io.amplifier.appapi.Http;
import io.amplifier.appapi.TestDatabaseInitializer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A turn is not tied to the node that runs it: a second application context on the same database
 * (node B, on its own port) reads a turn node A runs, resumes its stream after a connection to A
 * dropped, and cancels it.
 */
@ApiTest
class TurnOnAnotherNodeTest {

  static ConfigurableApplicationContext nodeB;
  static int portB;

  @LocalServerPort int port;
  final String user = "nodes-user-" + UUID.randomUUID();

  @BeforeAll
  static void startNodeB() {
    nodeB =
        new SpringApplicationBuilder(AmplifierApplication.class)
            .initializers(new TestDatabaseInitializer())
            .properties(
                "server.port=0",
                "server.address=127.0.0.1",
                "CONFIG_ENCRYPTION_KEY=" + ApiTest.MASTER_KEY,
                "TURN_LEASE_SECONDS=6",
                "amplifier.sessions.provider-timeout=PT3S")
            .run();
    portB = ((WebServerApplicationContext) nodeB).getWebServer().getPort();
  }

  @AfterAll
  static void stopNodeB() {
    if (nodeB != null) {
      nodeB.close();
    }
  }

  String session(Http http, long delayMillis) {
    Map<String, Object> provider =
        Map.of("module", "provider-echo", "config", Map.of("delay_ms", delayMillis));
    Map<String, Object> data =
        Map.of("bundle", Map.of("name", "b"), "providers", List.of(provider));
    String config =
        http.post("/configs", Map.of("name", "nodes", "config_data", data))
            .json()
            .get("config_id")
            .asText();
    return http.post("/sessions", Map.of("config_id", config)).json().get("session_id").asText();
  }

  @Test
  void shouldResumeOnNodeBTheStreamOfATurnNodeARuns() throws Exception {
    Http nodeA = new Http(port).with("X-User-ID", user);
    Http onB = new Http(portB).with("X-User-ID", user);
    String session = session(nodeA, 40);
    String turnId =
        nodeA
            .post("/sessions/" + session + "/turns", Map.of("message", TurnJobTest.words(30)))
            .json()
            .get("turn_id")
            .asText();
    String turnPath = "/sessions/" + session + "/turns/" + turnId;

    List<TurnEvents.Event> fromA = TurnEvents.read(port, user, turnPath + "/events", null, 5);
    List<TurnEvents.Event> fromB =
        TurnEvents.read(
            portB,
            user,
            turnPath + "/events",
            String.valueOf(fromA.get(fromA.size() - 1).id()),
            10_000);

    List<TurnEvents.Event> all = new ArrayList<>(fromA);
    all.addAll(fromB);
    assertThat(all)
        .extracting(TurnEvents.Event::id)
        .containsExactlyElementsOf(
            IntStream.rangeClosed(1, all.size()).mapToObj(i -> (long) i).toList());
    assertThat(all.get(all.size() - 1).type()).isEqualTo("done");
    JsonNode turn = onB.get(turnPath).json();
    assertThat(turn.get("status").asText()).isEqualTo("completed");
    assertThat(turn.get("result").asText())
        .isEqualTo(all.get(all.size() - 2).data().get("content").asText());
  }

  @Test
  void shouldSendNodeAWhatTurnsOnNodeBAddedToTheTranscript() {
    Http nodeA = new Http(port).with("X-User-ID", user);
    Http onB = new Http(portB).with("X-User-ID", user);
    String session = session(nodeA, 0);
    String messages = "/sessions/" + session + "/messages";

    // node A reads (and keeps) the transcript so far, then node B adds to it
    assertThat(nodeA.post(messages, Map.of("message", "my color is blue")).status()).isEqualTo(200);
    assertThat(onB.post(messages, Map.of("message", "my pet is a cat")).status()).isEqualTo(200);
    JsonNode answer = nodeA.post(messages, Map.of("message", "what is my pet?")).json();

    assertThat(answer.get("response").asText()).isEqualTo("Your pet is a cat.");
    // every word of the four earlier messages and the question: nothing missing, nothing twice
    assertThat(answer.get("metadata").get("input_tokens").asInt()).isEqualTo(4 + 5 + 5 + 6 + 4);
  }

  @Test
  void shouldCancelOnNodeBATurnNodeARuns() throws Exception {
    Http nodeA = new Http(port).with("X-User-ID", user);
    Http onB = new Http(portB).with("X-User-ID", user);
    String session = session(nodeA, 200);
    String turnId =
        nodeA
            .post("/sessions/" + session + "/turns", Map.of("message", TurnJobTest.words(50)))
            .json()
            .get("turn_id")
            .asText();
    String turnPath = "/sessions/" + session + "/turns/" + turnId;

    assertThat(onB.delete(turnPath).status()).isEqualTo(202);

    String status = "";
    for (int i = 0; i < 100 && !status.equals("cancelled"); i++) {
      Thread.sleep(100);
      status = nodeA.get(turnPath).json().get("status").asText();
    }
    assertThat(status).isEqualTo("cancelled");
    List<TurnEvents.Event> events =
        TurnEvents.read(portB, user, turnPath + "/events", null, 10_000);
    assertThat(events.get(events.size() - 2).data().get("cancelled").asBoolean()).isTrue();
  }

  @Test
  void shouldAnswerOnNodeBAClientSideToolCallOfATurnNodeARuns() throws Exception {
    Http nodeA = new Http(port).with("X-User-ID", user);
    Http onB = new Http(portB).with("X-User-ID", user);
    String session = session(nodeA, 0);
    Map<String, Object> lookup =
        Map.of(
            "name",
            "lookup",
            "description",
            "Looks a key up in the client's store",
            "input_schema",
            Map.of("type", "object", "properties", Map.of("key", Map.of("type", "string"))));
    assertThat(
            nodeA
                .post(
                    "/sessions/" + session + "/turns",
                    Map.of("message", "hi", "tools", List.of(Map.of("name", "no spaces"))))
                .toString())
        .contains("422")
        .contains("tools[0].name");
    String turnId =
        nodeA
            .post(
                "/sessions/" + session + "/turns",
                Map.of("message", "call lookup {\"key\": \"answer\"}", "tools", List.of(lookup)))
            .json()
            .get("turn_id")
            .asText();
    String turnPath = "/sessions/" + session + "/turns/" + turnId;

    JsonNode waiting = null;
    for (int i = 0; i < 150; i++) {
      JsonNode turn = onB.get(turnPath).json();
      if (turn.get("status").asText().equals("requires_action")) {
        waiting = turn;
        break;
      }
      Thread.sleep(100);
    }
    assertThat(waiting).as("the turn waits for the client").isNotNull();
    JsonNode pending = waiting.get("pending_tool_calls").get(0);
    assertThat(pending.get("name").asText()).isEqualTo("lookup");
    assertThat(pending.get("arguments").asText()).contains("answer");
    String callId = pending.get("call_id").asText();
    assertThat(
            onB.post(
                    turnPath + "/tool-results",
                    List.of(Map.of("call_id", "not-a-call", "output", "x")))
                .toString())
        .contains("422")
        .contains("call_id");
    Http viewer = new Http(portB).with("X-User-ID", "stranger-" + UUID.randomUUID());
    assertThat(
            viewer
                .post(turnPath + "/tool-results", List.of(Map.of("call_id", callId, "output", "x")))
                .status())
        .isEqualTo(404);

    Http.Response answered =
        onB.post(turnPath + "/tool-results", List.of(Map.of("call_id", callId, "output", "42")));

    assertThat(answered.status()).as(answered.toString()).isEqualTo(202);
    String status = "";
    JsonNode turn = null;
    for (int i = 0; i < 150 && !status.equals("completed"); i++) {
      Thread.sleep(100);
      turn = nodeA.get(turnPath).json();
      status = turn.get("status").asText();
    }
    assertThat(status).isEqualTo("completed");
    assertThat(turn.get("result").asText()).isEqualTo("lookup said: 42");
    assertThat(turn.get("pending_tool_calls")).isEmpty();
    List<String> types =
        TurnEvents.read(portB, user, turnPath + "/events", null, 10_000).stream()
            .map(TurnEvents.Event::type)
            .toList();
    assertThat(types).containsSubsequence("tool:pre", "tool:post", "response", "done");
    assertThat(
            onB.post(turnPath + "/tool-results", List.of(Map.of("call_id", callId, "output", "1")))
                .status())
        .as("a turn that waits for nothing")
        .isEqualTo(409);
  }
}
