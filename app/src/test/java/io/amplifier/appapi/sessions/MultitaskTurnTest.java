package io.amplifier.appapi.sessions;

import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static io.amplifier.appapi.sessions.ProviderWire.eventStream;
import static io.amplifier.appapi.sessions.ProviderWire.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import io.amplifier.appapi.ApiTest;
import io.amplifier.appapi.Http;
import io.amplifier.appapi.OneUserTest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Double-texting (issue 24 point 2): twenty messages posted at once to a session whose turn runs (a
 * slow streamed reply of a real local OpenAI-wire stub), under each {@code multitask_strategy}; the
 * transcript stays well-formed each time (user and assistant of one turn side by side, no turn
 * interleaved with another).
 */
@ApiTest
class MultitaskTurnTest extends OneUserTest {

  static final WireMockServer STUB =
      new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));

  static final String SLOW_TEXT = "Once upon a time there was a long story that never ended";

  static {
    STUB.start();
  }

  /**
   * Whether this JVM has made its first provider call (a cold one may outlast the idle timeout).
   */
  static boolean warm;

  @Autowired JdbcTemplate jdbc;

  /** Every message of a test starts with this, so the stub's log is read per test. */
  String tag;

  @AfterAll
  static void stop() {
    STUB.stop();
  }

  @BeforeEach
  void setUp() throws Exception {
    STUB.resetAll();
    // a streamed turn is the slow one that runs while the messages arrive; plain replies are quick
    STUB.stubFor(
        post(urlEqualTo("/v1/chat/completions"))
            .atPriority(1)
            .withRequestBody(matchingJsonPath("$[?(@.stream == true)]"))
            .willReturn(
                eventStream(ProviderWire.openAiTextStream("test-model", SLOW_TEXT.split("(?<= )")))
                    .withHeader("Connection", "close")
                    .withChunkedDribbleDelay(24, 3000)));
    STUB.stubFor(
        post(urlEqualTo("/v1/chat/completions"))
            .atPriority(2)
            .willReturn(
                json(ProviderWire.openAiReply("test-model", "ok", 5, 1))
                    .withHeader("Connection", "close")
                    .withFixedDelay(150)));
    tag = "t" + System.nanoTime() + " ";
    if (!warm) {
      String session = session(Map.of());
      String turnId = Turns.startTurn(http, session, "warm up");
      TurnEvents.read(
          port, user, "/sessions/" + session + "/turns/" + turnId + "/events", null, 500);
      warm = true;
    }
  }

  String session(Map<String, Object> sessionSection) {
    Map<String, Object> data =
        Turns.document(
            "provider-openai",
            Map.of(
                "api_key",
                "sk-test-key",
                "model",
                "test-model",
                "base_url",
                STUB.baseUrl(),
                "max_tokens",
                100));
    if (!sessionSection.isEmpty()) {
      data = new LinkedHashMap<>(data);
      data.put("session", sessionSection);
    }
    return Turns.sessionOn(http, "multitask", data);
  }

  /** Starts the slow streamed turn and waits until it has streamed some of its reply. */
  String slowTurn(String session) throws Exception {
    String turnId = Turns.startTurn(http, session, "slow story");
    List<TurnEvents.Event> first =
        TurnEvents.read(
            port, user, "/sessions/" + session + "/turns/" + turnId + "/events", null, 3);
    assertThat(first).extracting(TurnEvents.Event::type).contains("content_block:delta");
    return turnId;
  }

  /** Twenty messages posted at once to {@code /messages}, each with {@code strategy} (or none). */
  List<Http.Response> twenty(String session, String strategy) {
    ExecutorService pool = Executors.newFixedThreadPool(20);
    try {
      List<CompletableFuture<Http.Response>> posts = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("message", tag + "m" + i);
        if (strategy != null) {
          body.put("multitask_strategy", strategy);
        }
        posts.add(
            CompletableFuture.supplyAsync(
                () -> http.post("/sessions/" + session + "/messages", body), pool));
      }
      return posts.stream().map(CompletableFuture::join).toList();
    } finally {
      pool.shutdown();
    }
  }

  JsonNode transcript(String session) {
    Http.Response read = http.get("/sessions/" + session + "/messages?limit=200");
    assertThat(read.status()).as(read.toString()).isEqualTo(200);
    return read.json().get("messages");
  }

  /** The turn ids of a well-formed transcript, in order: user then assistant of each turn. */
  static List<String> wellFormed(JsonNode messages) {
    assertThat(messages.size() % 2).as("pairs: " + messages).isZero();
    List<String> turns = new ArrayList<>();
    for (int i = 0; i < messages.size(); i += 2) {
      JsonNode user = messages.get(i);
      JsonNode assistant = messages.get(i + 1);
      assertThat(user.get("role").asText()).as("at " + i + ": " + messages).isEqualTo("user");
      assertThat(assistant.get("role").asText())
          .as("at " + i + ": " + messages)
          .isEqualTo("assistant");
      assertThat(assistant.get("turn_id").asText()).isEqualTo(user.get("turn_id").asText());
      turns.add(user.get("turn_id").asText());
    }
    assertThat(new HashSet<>(turns)).as("no turn twice").hasSameSizeAs(turns);
    return turns;
  }

  JsonNode awaitEnded(String session, String turnId) throws InterruptedException {
    JsonNode turn = null;
    for (int i = 0; i < 200; i++) {
      turn = http.get("/sessions/" + session + "/turns/" + turnId).json();
      if (Set.of("completed", "failed", "cancelled").contains(turn.path("status").asText())) {
        return turn;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("turn " + turnId + " did not end: " + turn);
  }

  /** The turn ids of the session's SessionTurnEnqueued events, in their order. */
  List<String> enqueuedInOrder(String session) {
    List<String> ids = new ArrayList<>();
    Matcher m =
        Pattern.compile("sessions\\.SessionTurnEnqueued \\{[^\\n]*?\"turnId\":\"([^\"]+)\"")
            .matcher(Turns.sessionEvents(jdbc, session));
    while (m.find()) {
      ids.add(m.group(1));
    }
    return ids;
  }

  /** The turns the session's SessionTurnRolledBack events drop. */
  List<String> rolledBack(String session) {
    List<String> ids = new ArrayList<>();
    Matcher m =
        Pattern.compile("sessions\\.SessionTurnRolledBack \\{[^\\n]*?\"turnId\":\"([^\"]+)\"")
            .matcher(Turns.sessionEvents(jdbc, session));
    while (m.find()) {
      ids.add(m.group(1));
    }
    return ids;
  }

  static void assertConflictNaming(Http.Response refused, String runningTurnId) {
    assertThat(refused.status()).as(refused.toString()).isEqualTo(409);
    assertThat(refused.header("Content-Type")).contains("application/problem+json");
    assertThat(refused.json().get("type").asText()).isEqualTo("/problems/conflict");
    assertThat(refused.json().get("running_turn_id").asText()).isEqualTo(runningTurnId);
  }

  @Test
  void shouldRejectTwentyMessagesWhileATurnRunsNamingIt() throws Exception {
    String session = session(Map.of());
    String running = slowTurn(session);

    List<Http.Response> answers = twenty(session, null);
    answers = new ArrayList<>(answers);
    answers.addAll(twenty(session, "reject"));

    for (Http.Response refused : answers) {
      assertConflictNaming(refused, running);
    }
    awaitEnded(session, running);
    assertThat(wellFormed(transcript(session))).containsExactly(running);
  }

  @Test
  void shouldQueueEightMessagesRunEachInOrderAndRefuseTheRest() throws Exception {
    String session = session(Map.of());
    String running = slowTurn(session);

    List<Http.Response> answers = twenty(session, "enqueue");

    // eight wait behind the slow turn; a place frees only when a queued turn starts
    List<Http.Response> replied = answers.stream().filter(a -> a.status() == 200).toList();
    List<Http.Response> refused = answers.stream().filter(a -> a.status() != 200).toList();
    assertThat(replied.size())
        .as("a blocking /messages waits for its queued turn")
        .isGreaterThanOrEqualTo(8);
    for (Http.Response reply : replied) {
      assertThat(reply.json().get("response").asText()).isEqualTo("ok");
    }
    List<String> turns = wellFormed(transcript(session));
    assertThat(turns).hasSize(1 + replied.size()).startsWith(running);
    for (Http.Response full : refused) {
      assertConflictNaming(full, full.json().path("running_turn_id").asText());
      assertThat(turns).contains(full.json().get("running_turn_id").asText());
      assertThat(full.json().get("queued_turns").asInt()).isEqualTo(8);
    }
    List<String> queued = turns.subList(1, turns.size());
    assertThat(queued).as("run in the order queued").isEqualTo(enqueuedInOrder(session));
    assertThat(queued)
        .containsExactlyInAnyOrderElementsOf(
            replied.stream().map(r -> r.json().get("metadata").get("turn_id").asText()).toList());
    JsonNode first = transcript(session).get(1);
    assertThat(first.get("content").asText())
        .as("the running turn ran to its end")
        .isEqualTo(SLOW_TEXT);
  }

  @Test
  void shouldInterruptTheRunningTurnKeepingWhatItProducedThenRunTheQueuedMessages()
      throws Exception {
    String session = session(Map.of());
    String running = slowTurn(session);

    List<Http.Response> answers = twenty(session, "interrupt");

    // each message interrupts the turn running when it arrives: the slow one, or a queued one that
    // started meanwhile (which frees a place in the queue)
    List<Http.Response> replied = answers.stream().filter(a -> a.status() == 200).toList();
    assertThat(replied.size()).isGreaterThanOrEqualTo(8);
    JsonNode interrupted = awaitEnded(session, running);
    assertThat(interrupted.get("status").asText()).isEqualTo("cancelled");
    JsonNode messages = transcript(session);
    List<String> turns = wellFormed(messages);
    assertThat(turns).hasSize(1 + replied.size()).startsWith(running);
    answers.stream()
        .filter(a -> a.status() != 200)
        .forEach(a -> assertConflictNaming(a, a.json().path("running_turn_id").asText()));
    assertThat(
            answers.stream()
                .filter(a -> a.status() != 200)
                .map(a -> a.json().get("running_turn_id").asText()))
        .allMatch(turns::contains);
    JsonNode partial = messages.get(1);
    assertThat(partial.get("cancelled").asBoolean()).isTrue();
    assertThat(partial.get("content").asText())
        .as("what the interrupted turn produced is kept")
        .isNotEmpty()
        .isNotEqualTo(SLOW_TEXT);
    assertThat(SLOW_TEXT).startsWith(partial.get("content").asText());
  }

  @Test
  void shouldRollBackTheRunningTurnDroppingItFromTheTranscriptAndTheProviderHistory()
      throws Exception {
    String session = session(Map.of());
    String running = slowTurn(session);

    List<Http.Response> answers = twenty(session, "rollback");

    List<Http.Response> replied = answers.stream().filter(a -> a.status() == 200).toList();
    assertThat(replied.size()).isGreaterThanOrEqualTo(8);
    answers.stream()
        .filter(a -> a.status() != 200)
        .forEach(a -> assertConflictNaming(a, a.json().path("running_turn_id").asText()));
    assertThat(awaitEnded(session, running).get("status").asText()).isEqualTo("cancelled");
    List<String> rolledBack = rolledBack(session);
    assertThat(rolledBack).contains(running);
    List<String> turns = wellFormed(transcript(session));
    assertThat(turns).doesNotContainAnyElementsOf(rolledBack);
    assertThat(turns)
        .containsExactlyInAnyOrderElementsOf(
            replied.stream()
                .map(r -> r.json().get("metadata").get("turn_id").asText())
                .filter(id -> !rolledBack.contains(id))
                .toList());
    List<ServeEvent> calls =
        STUB.getAllServeEvents().stream()
            .filter(c -> c.getRequest().getBodyAsString().contains(tag))
            .toList();
    assertThat(calls).as("one call per queued turn").hasSize(replied.size());
    long sentTheDroppedTurn =
        calls.stream().filter(c -> c.getRequest().getBodyAsString().contains("slow story")).count();
    assertThat(sentTheDroppedTurn).as("later turns do not send the rolled-back turn").isZero();
  }

  @Test
  void shouldRefuseAnUnknownStrategyNamingTheFieldEvenWhenNoTurnRuns() {
    String session = session(Map.of());

    for (String route : List.of("messages", "stream", "turns")) {
      Http.Response refused =
          http.post(
              "/sessions/" + session + "/" + route,
              Map.of("message", tag + "hi", "multitask_strategy", "sometimes"));
      assertThat(refused.status()).as(route + ": " + refused).isEqualTo(400);
      assertThat(refused.json().get("errors").get(0).get("field").asText())
          .isEqualTo("multitask_strategy");
    }
    assertThat(transcript(session)).as("no turn ran").isEmpty();
    assertThat(STUB.getAllServeEvents())
        .noneMatch(c -> c.getRequest().getBodyAsString().contains(tag));
  }

  @Test
  void shouldTakeTheConfigsDefaultStrategyAndRefuseAnUnknownOne() throws Exception {
    Http.Response bad =
        http.post(
            "/configs",
            Map.of(
                "name",
                "bad",
                "config_data",
                Map.of(
                    "bundle",
                    Map.of("name", "b"),
                    "providers",
                    List.of(Map.of("module", "provider-echo", "config", Map.of())),
                    "session",
                    Map.of("multitask_strategy", "later"))));
    assertThat(bad.status()).as(bad.toString()).isEqualTo(400);
    assertThat(bad.json().get("detail").asText()).contains("$.session.multitask_strategy");

    String session = session(Map.of("multitask_strategy", "enqueue"));
    String running = slowTurn(session);
    Http.Response queued =
        http.post("/sessions/" + session + "/turns", Map.of("message", "after you"));
    Http.Response rejected =
        http.post(
            "/sessions/" + session + "/turns",
            Map.of("message", "now", "multitask_strategy", "reject"));

    assertThat(queued.status()).as(queued.toString()).isEqualTo(202);
    assertThat(queued.json().get("status").asText()).isEqualTo("queued");
    assertConflictNaming(rejected, running);
    String queuedId = queued.json().get("turn_id").asText();
    awaitEnded(session, awaitQueuedTurn(session, queuedId));
    assertThat(wellFormed(transcript(session))).containsExactly(running, queuedId);
  }

  /** Waits until queued turn {@code turnId} has opened (its turn is known); its id. */
  String awaitQueuedTurn(String session, String turnId) throws InterruptedException {
    for (int i = 0; i < 200; i++) {
      if (http.get("/sessions/" + session + "/turns/" + turnId).status() == 200) {
        return turnId;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("queued turn " + turnId + " never started");
  }
}
