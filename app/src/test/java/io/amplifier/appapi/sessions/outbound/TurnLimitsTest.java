package io.amplifier.appapi.sessions.outbound;

import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.amplifier.appapi.configs.ConfigApiTest.assertProblem;
import static io.amplifier.appapi.sessions.ProviderWire.eventStream;
import static io.amplifier.appapi.sessions.ProviderWire.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.amplifier.appapi.Http;
import io.amplifier.appapi.sessions.ProviderWire;
import io.amplifier.appapi.sessions.Turns;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A turn's total deadline ({@code PROVIDER_TURN_TIMEOUT=PT4S} here, the idle timeout being 3 s) and
 * its reply cap ({@code PROVIDER_MAX_REPLY_CHARS=200}): a provider that keeps a turn alive with a
 * chunk every second, or answers too much, fails the turn, recorded as an event.
 */
@OutboundTest
class TurnLimitsTest extends StubbedProviderTest {

  Map<String, Object> provider() {
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("api_key", "sk-test");
    config.put("model", "gpt-test");
    config.put("base_url", PROVIDER.baseUrl());
    return config;
  }

  @Test
  void shouldStopAStreamThatDribblesEmptyChunksAtTheTurnDeadline() throws Exception {
    String body = ProviderWire.openAiChunk("").repeat(20) + "data: [DONE]\n\n";
    PROVIDER.stubFor(
        post(urlEqualTo("/v1/chat/completions"))
            .willReturn(eventStream(body).withChunkedDribbleDelay(20, 20_000)));
    String sessionId = Turns.session(http, "provider-openai", provider());

    long start = System.nanoTime();
    List<JsonNode> events = Turns.stream(port, user, sessionId, "hi");

    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(9));
    JsonNode last = events.get(events.size() - 1);
    assertThat(last.get("type").asText()).isEqualTo("error");
    assertThat(last.get("problem").asText()).isEqualTo("/problems/turn-timeout");
    assertThat(Turns.sessionEvents(jdbc, sessionId))
        .contains("sessions.SessionTurnFailed ")
        .contains("PROVIDER_TURN_TIMEOUT");
  }

  @Test
  void shouldStopAPlainReplyThatDribblesAtTheTurnDeadline() {
    PROVIDER.stubFor(
        post(urlEqualTo("/v1/chat/completions"))
            .willReturn(
                json(" ".repeat(40) + ProviderWire.openAiReply("late"))
                    .withChunkedDribbleDelay(40, 20_000)));
    String sessionId = Turns.session(http, "provider-openai", provider());

    long start = System.nanoTime();
    Http.Response reply =
        http.post("/sessions/" + sessionId + "/messages", Map.of("message", "hi"));

    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(9));
    assertProblem(reply, 502, "/problems/turn-timeout");
    assertThat(Turns.sessionEvents(jdbc, sessionId)).contains("sessions.SessionTurnFailed ");
  }

  @Test
  void shouldStopASlowEchoAtTheTurnDeadline() {
    String sessionId = Turns.session(http, "provider-echo", Map.of("delay_ms", 1000));

    Http.Response reply =
        http.post(
            "/sessions/" + sessionId + "/messages",
            Map.of("message", "one two three four five six seven eight nine ten"));

    assertProblem(reply, 502, "/problems/turn-timeout");
  }

  @Test
  void shouldFailATurnWhoseReplyIsOverTheCap() throws Exception {
    String big = "x".repeat(50);
    PROVIDER.stubFor(
        post(urlEqualTo("/v1/chat/completions"))
            .atPriority(10)
            .willReturn(json(ProviderWire.openAiReply(big.repeat(5)))));
    String sessionId = Turns.session(http, "provider-openai", provider());

    Http.Response plain =
        http.post("/sessions/" + sessionId + "/messages", Map.of("message", "hi"));

    assertProblem(plain, 502, "/problems/reply-too-large");
    PROVIDER.stubFor(
        post(urlEqualTo("/v1/chat/completions"))
            .atPriority(1)
            .withRequestBody(
                com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath("$.stream"))
            .willReturn(eventStream(ProviderWire.openAiChunk(big).repeat(6) + "data: [DONE]\n\n")));
    List<JsonNode> events = Turns.stream(port, user, sessionId, "again");
    JsonNode last = events.get(events.size() - 1);
    assertThat(last.get("problem").asText()).isEqualTo("/problems/reply-too-large");
    long deltas =
        events.stream().filter(e -> e.get("type").asText().equals("content_block:delta")).count();
    assertThat(deltas).isLessThanOrEqualTo(4);
    assertThat(Turns.sessionEvents(jdbc, sessionId)).contains("PROVIDER_MAX_REPLY_CHARS");
  }

  /**
   * The time a call waits for a person has its own limit ({@code approval_timeout}): an approval
   * given after the turn's 4 s deadline still lets the turn run the call and answer.
   */
  @Test
  void shouldNotCountTheWaitForAnApprovalAgainstTheTurnDeadline() throws Exception {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("bundle", Map.of("name", "patient"));
    data.put("providers", List.of(Map.of("module", "provider-echo", "config", Map.of())));
    data.put("approvals", Map.of("default", "ask"));
    data.put("approval_timeout", 60);
    String session = Turns.sessionOn(http, "patient", data);
    Http.Response started =
        http.post(
            "/sessions/" + session + "/turns",
            Map.of(
                "message",
                "call lookup {}",
                "tools",
                List.of(Map.of("name", "lookup", "description", "asks the client"))));
    assertThat(started.status()).as(started.toString()).isEqualTo(202);
    String turn = "/sessions/" + session + "/turns/" + started.json().get("turn_id").asText();
    JsonNode pending = null;
    for (int i = 0; i < 100; i++) {
      JsonNode listed = http.get("/sessions/" + session + "/approvals").json().get("approvals");
      if (listed.size() > 0) {
        pending = listed.get(0);
        break;
      }
      Thread.sleep(100);
    }
    assertThat(pending).as("an approval was requested").isNotNull();

    Thread.sleep(5_000); // past PROVIDER_TURN_TIMEOUT (4 s) while the person thinks
    assertThat(
            http.post(
                    "/sessions/" + session + "/approvals/" + pending.get("approval_id").asText(),
                    Map.of("decision", "allow"))
                .status())
        .isEqualTo(200);
    JsonNode waiting = http.get(turn).json();
    for (int i = 0; i < 100 && !waiting.get("status").asText().equals("requires_action"); i++) {
      Thread.sleep(100);
      waiting = http.get(turn).json();
    }
    assertThat(waiting.get("status").asText()).as(waiting.toString()).isEqualTo("requires_action");
    String callId = waiting.get("pending_tool_calls").get(0).get("call_id").asText();
    assertThat(
            http.post(turn + "/tool-results", List.of(Map.of("call_id", callId, "output", "7")))
                .status())
        .isLessThan(300);
    JsonNode ended = http.get(turn).json();
    for (int i = 0;
        i < 100 && ended.get("status").asText().equals("requires_action")
            || i < 100 && ended.get("status").asText().equals("running");
        i++) {
      Thread.sleep(100);
      ended = http.get(turn).json();
    }
    assertThat(ended.get("status").asText()).as(ended.toString()).isEqualTo("completed");
  }
}
