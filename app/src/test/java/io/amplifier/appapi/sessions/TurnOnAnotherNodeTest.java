package io.amplifier.appapi.sessions;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.amplifier.appapi.ApiTest;
import io.amplifier.appapi.Http;
import io.amplifier.appapi.SecondNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A turn is not tied to the node that runs it: a second application context on the same database
 * (node B, on its own port) reads a turn node A runs, resumes its stream after a connection to A
 * dropped, and cancels it. Node B runs at most two turns at once ({@code TURN_MAX_CONCURRENT=2}),
 * two per user ({@code TURN_MAX_CONCURRENT_PER_USER=2}): turns that wait for a person or a client
 * are parked in PostgreSQL and hold none of them; they resume on whichever node gets the answer.
 */
@ApiTest
class TurnOnAnotherNodeTest {

  static ConfigurableApplicationContext nodeB;
  static int portB;
  static McpTestServer mcp;

  @Autowired JdbcTemplate jdbc;

  @LocalServerPort int port;
  final String user = "nodes-user-" + UUID.randomUUID();

  @BeforeAll
  static void startNodeB() {
    nodeB =
        SecondNode.start(
            "TURN_LEASE_SECONDS=6",
            "TURN_MAX_CONCURRENT=2",
            "TURN_MAX_CONCURRENT_PER_USER=2",
            "amplifier.sessions.provider-timeout=PT3S");
    portB = SecondNode.port(nodeB);
  }

  @AfterAll
  static void stopNodeB() throws Exception {
    if (nodeB != null) {
      nodeB.close();
    }
    if (mcp != null) {
      mcp.close();
    }
  }

  String session(Http http, long delayMillis) {
    return Turns.echoSession(http, delayMillis);
  }

  @Test
  void shouldResumeOnNodeBTheStreamOfATurnNodeARuns() throws Exception {
    Http nodeA = new Http(port).with("X-User-ID", user);
    Http onB = new Http(portB).with("X-User-ID", user);
    String session = session(nodeA, 40);
    String turnId = Turns.startTurn(nodeA, session, Turns.words(30));
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
    String turnId = Turns.startTurn(nodeA, session, Turns.words(50));
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

  static final Map<String, Object> LOOKUP =
      Map.of(
          "name",
          "lookup",
          "description",
          "Looks a key up in the client's store",
          "input_schema",
          Map.of("type", "object", "properties", Map.of("key", Map.of("type", "string"))));

  /** A session whose config asks a person before the MCP tool {@code add} runs. */
  String approvalSession(Http http) throws Exception {
    if (mcp == null) {
      mcp = new McpTestServer();
    }
    return Turns.sessionOn(
        http,
        "asks",
        Turns.approvalDocument(mcp.url(), List.of("add"), Turns.askBeforeAdd("allow"), 120));
  }

  /** Waits (bounded) until {@code turns} are parked: in PostgreSQL, with no lease. */
  void awaitParked(List<String> turns) throws InterruptedException {
    long parked = 0;
    long leased = 1;
    for (int i = 0; i < 150 && (parked < turns.size() || leased > 0); i++) {
      Thread.sleep(100);
      String[] ids = turns.toArray(String[]::new);
      parked =
          jdbc.queryForObject(
              "SELECT count(*) FROM session_parked_turns WHERE turn_id = ANY (?)",
              Long.class,
              (Object) ids);
      leased =
          jdbc.queryForObject(
              "SELECT count(*) FROM session_turn_leases WHERE turn_id = ANY (?)",
              Long.class,
              (Object) ids);
    }
    assertThat(parked).as("parked turns").isEqualTo(turns.size());
    assertThat(leased).as("leases of parked turns").isZero();
  }

  JsonNode awaitStatus(Http http, String turnPath, String status) throws InterruptedException {
    JsonNode turn = http.get(turnPath).json();
    for (int i = 0; i < 150 && !turn.get("status").asText().equals(status); i++) {
      Thread.sleep(100);
      turn = http.get(turnPath).json();
    }
    assertThat(turn.get("status").asText()).as(turn.toString()).isEqualTo(status);
    return turn;
  }

  @Test
  void shouldAnswerAnotherUsersMessageWhileTwoTurnsOfOneUserWaitForTheClient() throws Exception {
    Http onB = new Http(portB).with("X-User-ID", user);
    List<String> paths = new ArrayList<>();
    List<String> turns = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      String session = session(onB, 0);
      Http.Response started =
          onB.post(
              "/sessions/" + session + "/turns",
              Map.of("message", "call lookup {\"key\": \"k" + i + "\"}", "tools", List.of(LOOKUP)));
      assertThat(started.status()).as(started.toString()).isEqualTo(202);
      turns.add(started.json().get("turn_id").asText());
      paths.add("/sessions/" + session + "/turns/" + turns.get(i));
    }
    for (String path : paths) {
      awaitStatus(onB, path, "requires_action");
    }
    awaitParked(turns);

    Http other = new Http(portB).with("X-User-ID", "other-" + UUID.randomUUID());
    Http.Response reply =
        other.post("/sessions/" + session(other, 0) + "/messages", Map.of("message", "hello"));

    assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
    assertThat(reply.json().get("response").asText()).isEqualTo("Echo: hello");
    // the parked turns resume when the client answers, one on each node
    for (int i = 0; i < 2; i++) {
      Http answering = new Http(i == 0 ? portB : port).with("X-User-ID", user);
      String callId =
          answering
              .get(paths.get(i))
              .json()
              .get("pending_tool_calls")
              .get(0)
              .get("call_id")
              .asText();
      Http.Response answered =
          answering.post(
              paths.get(i) + "/tool-results",
              List.of(Map.of("call_id", callId, "output", "4" + i)));
      assertThat(answered.status()).as(answered.toString()).isEqualTo(202);
    }
    for (int i = 0; i < 2; i++) {
      JsonNode turn = awaitStatus(onB, paths.get(i), "completed");
      assertThat(turn.get("result").asText()).isEqualTo("lookup said: 4" + i);
    }
  }

  @Test
  void shouldAnswerAnotherUsersMessageWhileTwoTurnsOfOneUserWaitForApproval() throws Exception {
    Http onB = new Http(portB).with("X-User-ID", user);
    Http nodeA = new Http(port).with("X-User-ID", user);
    String viaMessages = approvalSession(onB);
    String viaTurns = approvalSession(onB);
    String ask = "call add {\"a\": 40, \"b\": 2}";
    // a blocking /messages request on node B waits for a parked turn (no thread holds it)
    CompletableFuture<Http.Response> blocking =
        CompletableFuture.supplyAsync(
            () -> onB.post("/sessions/" + viaMessages + "/messages", Map.of("message", ask)));
    Http.Response started = onB.post("/sessions/" + viaTurns + "/turns", Map.of("message", ask));
    assertThat(started.status()).as(started.toString()).isEqualTo(202);
    List<String> approvals = new ArrayList<>();
    List<String> turns = new ArrayList<>();
    for (String session : List.of(viaMessages, viaTurns)) {
      JsonNode pending = null;
      for (int i = 0; i < 150 && pending == null; i++) {
        JsonNode listed = onB.get("/sessions/" + session + "/approvals").json().get("approvals");
        pending = listed.isEmpty() ? null : listed.get(0);
        if (pending == null) {
          Thread.sleep(100);
        }
      }
      assertThat(pending).as("an approval is asked in " + session).isNotNull();
      approvals.add("/sessions/" + session + "/approvals/" + pending.get("approval_id").asText());
      turns.add(pending.get("turn_id").asText());
    }
    awaitParked(turns);

    Http other = new Http(portB).with("X-User-ID", "other-" + UUID.randomUUID());
    Http.Response reply =
        other.post("/sessions/" + session(other, 0) + "/messages", Map.of("message", "hello"));

    assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
    assertThat(reply.json().get("response").asText()).isEqualTo("Echo: hello");
    assertThat(blocking).isNotDone();
    // answered on node A: the turns resume there, and node B's /messages gets its reply
    for (String approval : approvals) {
      Http.Response answered = nodeA.post(approval, Map.of("decision", "allow"));
      assertThat(answered.status()).as(answered.toString()).isEqualTo(200);
    }
    Http.Response blocked = blocking.get(30, java.util.concurrent.TimeUnit.SECONDS);
    assertThat(blocked.status()).as(blocked.toString()).isEqualTo(200);
    assertThat(blocked.json().get("response").asText()).isEqualTo("add said: 42");
    assertThat(blocked.json().get("metadata").get("tool_calls").asInt()).isEqualTo(1);
    JsonNode turn =
        awaitStatus(onB, "/sessions/" + viaTurns + "/turns/" + turns.get(1), "completed");
    assertThat(turn.get("result").asText()).isEqualTo("add said: 42");
  }

  @Test
  void shouldRefuseATurnPastTheUsersCapCountedOnEveryNode() throws Exception {
    Http nodeA = new Http(port).with("X-User-ID", user);
    Http onB = new Http(portB).with("X-User-ID", user);
    for (int i = 0; i < 2; i++) {
      String session = session(nodeA, 100);
      Http.Response started =
          nodeA.post("/sessions/" + session + "/turns", Map.of("message", Turns.words(40)));
      assertThat(started.status()).as(started.toString()).isEqualTo(202);
    }

    Http.Response refused =
        onB.post("/sessions/" + session(onB, 0) + "/messages", Map.of("message", "one more"));

    assertThat(refused.status()).as(refused.toString()).isEqualTo(429);
    assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
    assertThat(refused.json().get("type").asText()).isEqualTo("/problems/too-many-requests");
    assertThat(refused.json().get("detail").asText()).contains("TURN_MAX_CONCURRENT_PER_USER");
    assertThat(refused.header("Retry-After")).isEqualTo("5");
    Http other = new Http(portB).with("X-User-ID", "other-" + UUID.randomUUID());
    assertThat(
            other
                .post("/sessions/" + session(other, 0) + "/messages", Map.of("message", "mine"))
                .status())
        .as("another user is not refused")
        .isEqualTo(200);
  }
}
