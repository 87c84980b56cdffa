package io.amplifier.appapi.sessions;

import static io.amplifier.appapi.configs.ConfigApiTest.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.amplifier.appapi.ApiTest;
import io.amplifier.appapi.Http;
import io.amplifier.appapi.OneUserTest;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Approvals over real HTTP: the built-in echo provider calls the {@code add} tool of a real MCP
 * server on a loopback port; the config asks before {@code add} runs. The turn waits in {@code
 * requires_action} until an editor allows or denies the call, or until {@code approval_timeout}
 * gives it the default (deny); each decision is in the stream, the history and the audit log.
 */
@ApiTest
class ApprovalTurnTest extends OneUserTest {

  static McpTestServer mcp;

  @BeforeAll
  static void start() throws Exception {
    mcp = new McpTestServer();
  }

  @AfterAll
  static void stop() throws Exception {
    mcp.close();
  }

  @BeforeEach
  void reset() {
    mcp.calls.set(0);
  }

  private Http.Response createConfig(Map<String, Object> approvals, Object timeout) {
    Map<String, Object> data =
        Turns.approvalDocument(mcp.url(), List.of("add", "fail"), approvals, timeout);
    return http.post("/configs", Map.of("name", "approvals", "config_data", data));
  }

  /** A session whose config asks before {@code add} and otherwise does as {@code otherwise}. */
  private String session(String otherwise, Object timeout) {
    return Turns.sessionOn(
        http,
        "approvals",
        Turns.approvalDocument(
            mcp.url(), List.of("add", "fail"), Turns.askBeforeAdd(otherwise), timeout));
  }

  private String startTurn(String session) {
    return Turns.startTurn(http, session, "call add {\"a\": 40, \"b\": 2}");
  }

  /** The one pending approval, once the turn asked (bounded wait). */
  private JsonNode awaitPending(String session) throws InterruptedException {
    for (int i = 0; i < 150; i++) {
      JsonNode pending = http.get("/sessions/" + session + "/approvals").json().get("approvals");
      if (pending.size() > 0) {
        return pending.get(0);
      }
      Thread.sleep(100);
    }
    throw new AssertionError("no approval was requested");
  }

  private JsonNode awaitEnd(String session, String turnId) throws InterruptedException {
    for (int i = 0; i < 300; i++) {
      JsonNode turn = http.get("/sessions/" + session + "/turns/" + turnId).json();
      if (!List.of("running", "requires_action").contains(turn.get("status").asText())) {
        return turn;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("the turn did not end");
  }

  private List<String> streamTypes(String session, String turnId) throws Exception {
    return TurnEvents.read(
            port, user, "/sessions/" + session + "/turns/" + turnId + "/events", null, 200)
        .stream()
        .map(TurnEvents.Event::type)
        .toList();
  }

  @Test
  void shouldWaitForAnApprovalAndRunTheCallOnceAllowed() throws Exception {
    String session = session("allow", null);
    String turnId = startTurn(session);

    JsonNode pending = awaitPending(session);

    assertThat(pending.get("tool_name").asText()).isEqualTo("add");
    assertThat(pending.get("turn_id").asText()).isEqualTo(turnId);
    assertThat(pending.get("arguments").asText()).contains("40");
    assertThat(http.get("/sessions/" + session + "/turns/" + turnId).json().get("status").asText())
        .isEqualTo("requires_action");
    assertThat(mcp.calls.get()).as("nothing runs before the answer").isZero();
    String approvalId = pending.get("approval_id").asText();
    Http viewer = new Http(port).with("X-User-ID", "viewer-" + UUID.randomUUID());
    assertProblem(
        viewer.post(
            "/sessions/" + session + "/approvals/" + approvalId, Map.of("decision", "allow")),
        404,
        "/problems/not-found");
    assertProblem(
        http.post("/sessions/" + session + "/approvals/" + approvalId, Map.of("decision", "maybe")),
        422,
        "/problems/validation-error");

    Http.Response answered =
        http.post(
            "/sessions/" + session + "/approvals/" + approvalId,
            Map.of("decision", "allow", "reason", "looks fine"));

    assertThat(answered.status()).as(answered.toString()).isEqualTo(200);
    assertThat(answered.json().get("decision").asText()).isEqualTo("allow");
    JsonNode turn = awaitEnd(session, turnId);
    assertThat(turn.get("status").asText()).isEqualTo("completed");
    assertThat(turn.get("result").asText()).isEqualTo("add said: 42");
    assertThat(mcp.calls.get()).isEqualTo(1);
    assertThat(streamTypes(session, turnId))
        .containsSubsequence("approval:requested", "approval:granted", "tool:pre", "tool:post")
        .endsWith("done");
    assertThat(http.get("/sessions/" + session + "/approvals").json().get("approvals")).isEmpty();
    assertProblem(
        http.post("/sessions/" + session + "/approvals/" + approvalId, Map.of("decision", "deny")),
        404,
        "/problems/not-found");
    JsonNode history = http.get("/sessions/" + session + "/history").json().get("events");
    JsonNode decided = decidedEvent(history);
    assertThat(decided.get("user_id").asText()).isEqualTo(user);
    assertThat(history.findValuesAsText("event_type")).contains("SessionApprovalRequestedEvent");
  }

  @Test
  void shouldTellTheModelOfADeniedCallAsAToolError() throws Exception {
    String session = session("allow", "PT2M");
    String turnId = startTurn(session);
    String approvalId = awaitPending(session).get("approval_id").asText();

    Http.Response answered =
        http.post(
            "/sessions/" + session + "/approvals/" + approvalId,
            Map.of("decision", "deny", "reason", "not today"));

    assertThat(answered.status()).as(answered.toString()).isEqualTo(200);
    JsonNode turn = awaitEnd(session, turnId);
    assertThat(turn.get("status").asText()).isEqualTo("completed");
    assertThat(turn.get("tool_calls").get(0).get("error").asBoolean()).isTrue();
    assertThat(turn.get("tool_calls").get(0).get("output").asText()).contains("not today");
    assertThat(mcp.calls.get()).as("a denied call never runs").isZero();
    assertThat(streamTypes(session, turnId))
        .containsSubsequence("approval:requested", "approval:denied", "tool:error", "done")
        .doesNotContain("tool:pre");
  }

  @Test
  void shouldDenyAnUnansweredCallAfterTheApprovalTimeoutAsTheSystem() throws Exception {
    String session = session("deny", 1);
    String turnId = startTurn(session);

    JsonNode turn = awaitEnd(session, turnId);

    assertThat(turn.get("status").asText()).isEqualTo("completed");
    assertThat(turn.get("tool_calls").get(0).get("error").asBoolean()).isTrue();
    assertThat(mcp.calls.get()).isZero();
    assertThat(streamTypes(session, turnId)).contains("approval:requested", "approval:denied");
    JsonNode decided =
        decidedEvent(http.get("/sessions/" + session + "/history").json().get("events"));
    assertThat(decided.get("actor").asText()).isEqualTo("system");
  }

  /** A turn parked while it waits for approval is woken by a cancel and ends as cancelled. */
  @Test
  void shouldEndATurnThatWaitsForApprovalWhenItIsCancelled() throws Exception {
    String session = session("allow", "PT2M");
    String turnId = startTurn(session);
    awaitPending(session);

    Http.Response cancelled = http.delete("/sessions/" + session + "/turns/" + turnId);

    assertThat(cancelled.status()).as(cancelled.toString()).isEqualTo(202);
    JsonNode turn = awaitEnd(session, turnId);
    assertThat(turn.get("status").asText()).isEqualTo("cancelled");
    assertThat(mcp.calls.get()).as("a cancelled call never runs").isZero();
    assertThat(streamTypes(session, turnId)).contains("approval:requested").endsWith("done");
    Http.Response next =
        http.post("/sessions/" + session + "/messages", Map.of("message", "hello again"));
    assertThat(next.status()).as(next.toString()).isEqualTo(200);
  }

  @Test
  void shouldValidateApprovalsNamingTheField() {
    assertProblem(
        createConfig(Map.of("default", "sometimes"), null), 400, "/problems/config-validation");
    assertThat(createConfig(Map.of("default", "sometimes"), null).toString())
        .contains("approvals.default");
    assertThat(
            createConfig(Map.of("rules", List.of(Map.of("tool", "add", "decision", "x"))), null)
                .toString())
        .contains("approvals.rules[0].decision");
    assertThat(createConfig(Map.of("default", "ask"), "forever").toString())
        .contains("approval_timeout");
    assertThat(createConfig(Map.of("default", "ask"), 0).toString()).contains("approval_timeout");
    assertThat(createConfig(Map.of("default", "ask"), "PT30S").status()).isEqualTo(201);
  }

  private static JsonNode decidedEvent(JsonNode history) {
    for (JsonNode event : history) {
      if ("SessionApprovalDecidedEvent".equals(event.get("event_type").asText())) {
        return event;
      }
    }
    throw new AssertionError("no SessionApprovalDecidedEvent in " + history);
  }
}
