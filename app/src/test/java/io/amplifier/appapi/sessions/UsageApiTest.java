package io.amplifier.appapi.sessions;

import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static io.amplifier.appapi.configs.ConfigApiTest.assertProblem;
import static io.amplifier.appapi.sessions.ProviderWire.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.amplifier.appapi.ApiTest;
import io.amplifier.appapi.Http;
import io.amplifier.appapi.OneUserTest;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Token usage read back and limited (ADR 26), over real HTTP against a real local LLM stub that
 * counts its calls: a turn over budget is refused before the provider is called, concurrent turns
 * overshoot by at most one reservation, and {@code GET /usage} answers a user their own and an
 * admin everyone's, grouped and bounded.
 */
@ApiTest
class UsageApiTest extends OneUserTest {

  static final WireMockServer STUB =
      new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));

  static {
    STUB.start();
  }

  @AfterAll
  static void stop() {
    STUB.stop();
  }

  Http admin;

  @org.springframework.beans.factory.annotation.Autowired
  org.springframework.jdbc.core.JdbcTemplate jdbc;

  @BeforeEach
  void setUp() {
    STUB.resetAll();
    admin = new Http(port);
    replies(11, 3, 0);
  }

  /** Every call answers {@code prompt} + {@code completion} tokens, after {@code delayMs}. */
  static void replies(int prompt, int completion, int delayMs) {
    STUB.stubFor(
        post(urlEqualTo("/v1/chat/completions"))
            .willReturn(
                json(ProviderWire.openAiReply("test-model", "ok", prompt, completion))
                    .withFixedDelay(delayMs)));
  }

  static int providerCalls() {
    return STUB.getAllServeEvents().size();
  }

  String session(Http as) {
    return Turns.session(
        as,
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
  }

  Http.Response say(Http as, String session) {
    return as.post("/sessions/" + session + "/messages", Map.of("message", "hi"));
  }

  @Test
  void shouldRefuseATurnOverBudgetBeforeTheProviderIsCalled() {
    String session = session(http);
    JsonNode set = admin.put("/users/" + user + "/quota", Map.of("monthly_tokens", 20)).json();
    assertThat(set.get("monthly_tokens").asLong()).isEqualTo(20);
    Instant reset =
        YearMonth.now(ZoneOffset.UTC)
            .plusMonths(1)
            .atDay(1)
            .atStartOfDay()
            .toInstant(ZoneOffset.UTC);
    assertThat(Instant.parse(set.get("reset_at").asText())).isEqualTo(reset);

    assertThat(say(http, session).status()).isEqualTo(200);
    assertThat(say(http, session).status()).isEqualTo(200); // 14 used, 6 left: one more call
    assertThat(providerCalls()).isEqualTo(2);
    JsonNode own = http.get("/users/" + user + "/quota").json();
    assertThat(own.get("used").asLong()).isEqualTo(28);
    assertThat(own.get("reserved").asLong()).isZero();
    assertThat(own.get("remaining").asLong()).isZero();

    Http.Response refused = say(http, session);
    assertProblem(refused, 429, "/problems/token-budget-exceeded");
    assertThat(refused.json().get("detail").asText())
        .contains("user '" + user + "'")
        .contains("20 monthly_tokens")
        .contains(reset.toString());
    assertThat(Long.parseLong(refused.header("Retry-After"))).isPositive();
    Http.Response streamed =
        http.post("/sessions/" + session + "/turns", Map.of("message", "hi again"));
    assertProblem(streamed, 429, "/problems/token-budget-exceeded");
    assertThat(providerCalls()).as("no provider call once over budget").isEqualTo(2);

    JsonNode removed = admin.put("/users/" + user + "/quota", mapOf("monthly_tokens", null)).json();
    assertThat(removed.get("monthly_tokens").isNull()).isTrue();
    assertThat(removed.get("remaining").isNull()).isTrue();
    assertThat(removed.get("used").asLong()).isEqualTo(28);
    assertThat(say(http, session).status()).isEqualTo(200);
    assertThat(providerCalls()).isEqualTo(3);
  }

  @Test
  void shouldOvershootABudgetByAtMostOneReservationUnderConcurrentTurns() throws Exception {
    // each call reports 100 tokens; it reserves "hi" (1) + max_tokens (100) = 101
    replies(11, 89, 300);
    long budget = 250;
    long reservation = 101;
    admin.put("/users/" + user + "/quota", Map.of("monthly_tokens", budget));
    List<String> sessions = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      sessions.add(session(http));
    }
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<CompletableFuture<Http.Response>> turns = new ArrayList<>();
      for (String session : sessions) {
        turns.add(CompletableFuture.supplyAsync(() -> say(http, session), pool));
      }
      int ok = 0;
      int overBudget = 0;
      for (CompletableFuture<Http.Response> turn : turns) {
        Http.Response answer = turn.get();
        if (answer.status() == 200) {
          ok++;
        } else if (answer.json().path("type").asText().equals("/problems/token-budget-exceeded")) {
          overBudget++;
        }
      }
      JsonNode quota = http.get("/users/" + user + "/quota").json();
      assertThat(quota.get("used").asLong())
          .as("used stays within the budget plus one reservation")
          .isLessThanOrEqualTo(budget + reservation)
          .isEqualTo(100L * ok);
      assertThat(quota.get("reserved").asLong()).isZero();
      assertThat(providerCalls()).isEqualTo(ok).isBetween(1, 3);
      assertThat(overBudget).isPositive();
    } finally {
      pool.shutdownNow();
    }
    replies(11, 89, 0);
    assertProblem(say(http, sessions.get(0)), 429, "/problems/token-budget-exceeded");
  }

  @Test
  void shouldAnswerUsageToTheUserTheirOwnAndToAnAdminEveryones() throws Exception {
    // the provider says 4 of the 11 input tokens came from its prompt cache
    STUB.stubFor(
        post(urlEqualTo("/v1/chat/completions"))
            .willReturn(
                json(
                    ProviderWire.openAiReply("test-model", "ok", 11, 3)
                        .replace(
                            "\"total_tokens\":14",
                            "\"total_tokens\":14,\"prompt_tokens_details\":{\"cached_tokens\":4}"))));
    String other = "usage-other-" + UUID.randomUUID();
    Http otherUser = new Http(port).with("X-User-ID", other);
    String mine = session(http);
    assertThat(say(http, mine).status()).isEqualTo(200);
    assertThat(say(http, mine).status()).isEqualTo(200);
    assertThat(say(otherUser, session(otherUser)).status()).isEqualTo(200);
    String config = http.get("/sessions/" + mine).json().path("config_id").asText();

    JsonNode own = awaitCalls(http, "/usage", 2);
    assertThat(own.get("totals").get("input_tokens").asLong()).isEqualTo(22);
    assertThat(own.get("totals").get("output_tokens").asLong()).isEqualTo(6);
    assertThat(own.get("totals").get("total_tokens").asLong()).isEqualTo(28);
    assertThat(own.get("totals").get("calls").asLong()).isEqualTo(2);
    assertThat(own.get("totals").get("cached_tokens").asLong()).isEqualTo(8);
    awaitCalls(otherUser, "/usage", 1);

    JsonNode byUser = http.get("/usage?group_by=user").json();
    assertThat(keys(byUser)).containsExactly(user);
    JsonNode all = admin.get("/usage?group_by=user").json();
    assertThat(keys(all)).contains(user, other);
    assertThat(all.get("totals").get("calls").asLong()).isGreaterThanOrEqualTo(3);
    assertThat(group(all, user).get("total_tokens").asLong()).isEqualTo(28);

    assertThat(keys(http.get("/usage?group_by=application").json())).containsExactly("dev-app");
    JsonNode byConfig = http.get("/usage?group_by=config").json();
    assertThat(keys(byConfig)).containsExactly(config);
    JsonNode byModel = http.get("/usage?group_by=model").json();
    assertThat(keys(byModel)).containsExactly("test-model");
    assertThat(group(byModel, "test-model").get("calls").asLong()).isEqualTo(2);

    String tomorrow = java.time.LocalDate.now(ZoneOffset.UTC).plusDays(1).toString();
    String later = java.time.LocalDate.now(ZoneOffset.UTC).plusDays(2).toString();
    assertThat(
            http.get("/usage?from=" + tomorrow + "&to=" + later)
                .json()
                .get("totals")
                .get("calls")
                .asLong())
        .isZero();
    assertThat(
            http.get("/usage?from=2020-01-01&to=2020-02-01T00:00:00Z")
                .json()
                .get("totals")
                .get("calls")
                .asLong())
        .isZero();
    assertThat(
            http.get("/usage?from=2020-01-01&to=" + tomorrow)
                .json()
                .get("totals")
                .get("calls")
                .asLong())
        .isEqualTo(2);
  }

  @Test
  void shouldRefuseATurnOverItsApplicationBudget() {
    // dev mode's callers all come through dev-app, which no admin registered (so no PUT can reach
    // it): its budget row is written as quota-view writes it; PUT and GET are tested above
    String session = session(http);
    try {
      jdbc.update(
          "INSERT INTO token_quota (subject_kind, subject_id, monthly_tokens, updated_at, version)"
              + " VALUES ('application', 'dev-app', 0, now(), 0)");
      Http.Response refused = say(http, session);
      assertProblem(refused, 429, "/problems/token-budget-exceeded");
      assertThat(refused.json().get("detail").asText())
          .contains("application 'dev-app'")
          .contains("0 monthly_tokens");
      assertThat(providerCalls()).isZero();
    } finally {
      jdbc.update(
          "DELETE FROM token_quota WHERE subject_kind = 'application' AND subject_id = 'dev-app'");
    }
    assertThat(say(http, session).status()).isEqualTo(200);
    assertThat(providerCalls()).isEqualTo(1);
  }

  @Test
  void shouldGiveBackTheReservationOfACallWhoseNodeDied() {
    String session = session(http);
    admin.put("/users/" + user + "/quota", Map.of("monthly_tokens", 200));
    // a node reserved 150 tokens for a call and died before settling it; its hold has lapsed
    java.sql.Date month = java.sql.Date.valueOf(YearMonth.now(ZoneOffset.UTC).atDay(1));
    jdbc.update(
        "INSERT INTO token_usage (subject_kind, subject_id, month, reserved) VALUES ('user', ?, ?,"
            + " 150) ON CONFLICT (subject_kind, subject_id, month) DO UPDATE SET reserved = 150",
        user,
        month);
    jdbc.update(
        "INSERT INTO token_reservation (reservation_id, subject_kind, subject_id, month, tokens,"
            + " expires_at) VALUES (?, 'user', ?, ?, 150, now() - interval '1 second')",
        UUID.randomUUID(),
        user,
        month);
    assertThat(http.get("/users/" + user + "/quota").json().get("reserved").asLong())
        .isEqualTo(150);
    assertThat(say(http, session).status()).isEqualTo(200);
    JsonNode quota = http.get("/users/" + user + "/quota").json();
    assertThat(quota.get("reserved").asLong()).isZero();
    assertThat(quota.get("used").asLong()).isEqualTo(14);
  }

  @Test
  void shouldRefuseBadUsageQuestionsNamingTheParameter() {
    assertInvalid(http.get("/usage?group_by=team"), "group_by");
    assertInvalid(http.get("/usage?from=yesterday"), "from");
    assertInvalid(http.get("/usage?to=2026-13-01"), "to");
    assertInvalid(http.get("/usage?from=2026-12-02&to=2026-12-01"), "from");
  }

  @Test
  void shouldSetReadAndRemoveBudgetsAsAdminOnly() {
    assertInvalid(
        admin.put("/users/" + user + "/quota", Map.of("monthly_tokens", -1)), "monthly_tokens");
    assertInvalid(
        admin.put("/users/" + user + "/quota", Map.of("monthly_tokens", "many")), "monthly_tokens");
    assertInvalid(admin.put("/users/" + user + "/quota", Map.of()), "monthly_tokens");
    assertInvalid(
        admin.put("/users/" + user + "/quota", Map.of("monthly_tokens", 1.5)), "monthly_tokens");
    assertProblem(
        http.put("/users/" + user + "/quota", Map.of("monthly_tokens", 10)),
        403,
        "/problems/forbidden");

    JsonNode none = http.get("/users/" + user + "/quota").json();
    assertThat(none.get("monthly_tokens").isNull()).isTrue();
    assertThat(none.get("used").asLong()).isZero();
    assertThat(none.get("id").asText()).isEqualTo(user);
    assertProblem(http.get("/users/someone-else/quota"), 403, "/problems/forbidden");

    String app = "quota-" + UUID.randomUUID().toString().substring(0, 8);
    assertThat(admin.post("/applications", Map.of("app_id", app, "app_name", "Q")).status())
        .isEqualTo(201);
    JsonNode set =
        admin.put("/applications/" + app + "/quota", Map.of("monthly_tokens", 5000)).json();
    assertThat(set.get("kind").asText()).isEqualTo("application");
    assertThat(set.get("monthly_tokens").asLong()).isEqualTo(5000);
    assertThat(set.get("remaining").asLong()).isEqualTo(5000);
    assertThat(set.get("month").asText()).isEqualTo(YearMonth.now(ZoneOffset.UTC).toString());
    assertThat(admin.get("/applications/" + app + "/quota").json().get("monthly_tokens").asLong())
        .isEqualTo(5000);
    admin.put("/applications/" + app + "/quota", mapOf("monthly_tokens", null));
    assertThat(admin.get("/applications/" + app + "/quota").json().get("monthly_tokens").isNull())
        .isTrue();
    assertProblem(http.get("/applications/" + app + "/quota"), 403, "/problems/forbidden");
    assertProblem(
        admin.put("/applications/no-such-app/quota", Map.of("monthly_tokens", 1)),
        404,
        "/problems/not-found");
    assertProblem(admin.get("/applications/no-such-app/quota"), 404, "/problems/not-found");
  }

  private static void assertInvalid(Http.Response response, String field) {
    assertProblem(response, 400, "/problems/usage-validation");
    assertThat(response.json().get("errors").get(0).get("field").asText()).isEqualTo(field);
  }

  private static Map<String, Object> mapOf(String key, Object value) {
    Map<String, Object> map = new HashMap<>();
    map.put(key, value);
    return map;
  }

  /** {@code path} once the asynchronous usage view holds {@code calls} calls (bounded wait). */
  private static JsonNode awaitCalls(Http as, String path, long calls) throws InterruptedException {
    JsonNode answer = as.get(path).json();
    for (int i = 0; i < 100 && answer.get("totals").get("calls").asLong() < calls; i++) {
      Thread.sleep(100);
      answer = as.get(path).json();
    }
    assertThat(answer.get("totals").get("calls").asLong()).isEqualTo(calls);
    return answer;
  }

  private static List<String> keys(JsonNode report) {
    List<String> keys = new ArrayList<>();
    report.get("groups").forEach(g -> keys.add(g.path("key").asText()));
    return keys;
  }

  private static JsonNode group(JsonNode report, String key) {
    for (JsonNode g : report.get("groups")) {
      if (key.equals(g.path("key").asText())) {
        return g;
      }
    }
    throw new AssertionError("no group " + key + " in " + report);
  }
}
