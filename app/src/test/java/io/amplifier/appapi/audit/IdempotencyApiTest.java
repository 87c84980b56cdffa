package io.amplifier.appapi.audit;

import static io.amplifier.appapi.configs.ConfigApiTest.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import io.amplifier.appapi.ApiTest;
import io.amplifier.appapi.Http;
import io.amplifier.appapi.OneUserTest;
import io.amplifier.appapi.sessions.Turns;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/** Retries with an {@code Idempotency-Key} get the first answer and append nothing. */
@ApiTest
class IdempotencyApiTest extends OneUserTest {

  @Autowired JdbcTemplate jdbc;

  static Map<String, Object> config(String name) {
    return Map.of(
        "name",
        name,
        "config_data",
        Turns.document(name, "provider-echo", Map.of("model", "echo")));
  }

  long events() {
    return jdbc.queryForObject("SELECT count(*) FROM domainevententry", Long.class);
  }

  @Test
  void shouldReplayTheFirstAnswerAndAppendNothing() {
    String key = "create-" + UUID.randomUUID();
    Http keyed = http.with("Idempotency-Key", key);
    Http.Response first = keyed.post("/configs", config("once"));
    long before = events();

    Http.Response again = keyed.post("/configs", config("once"));

    assertThat(first.status()).isEqualTo(201);
    assertThat(again.status()).isEqualTo(201);
    assertThat(again.body()).isEqualTo(first.body());
    assertThat(again.header("Location")).isEqualTo(first.header("Location"));
    assertThat(again.header("ETag")).isEqualTo(first.header("ETag"));
    assertThat(again.header("Idempotent-Replayed")).isEqualTo("true");
    assertThat(events()).isEqualTo(before);
    assertThat(http.get("/configs").json().get("total").asInt()).isEqualTo(1);
    // the same key from another caller is another key
    Http.Response other =
        new Http(port)
            .with("X-User-ID", "other-" + user)
            .with("Idempotency-Key", key)
            .post("/configs", config("once"));
    assertThat(other.header("Idempotent-Replayed")).isNull();
  }

  @Test
  void shouldRefuseTheSameKeyWithAnotherBody() {
    Http keyed = http.with("Idempotency-Key", "body-" + UUID.randomUUID());
    keyed.post("/configs", config("one"));

    Http.Response changed = keyed.post("/configs", config("two"));

    assertProblem(changed, 422, "/problems/validation-error");
    assertThat(changed.json().get("errors").get(0).get("field").asText())
        .isEqualTo("Idempotency-Key");
    assertProblem(
        http.with("Idempotency-Key", "x".repeat(300)).post("/configs", config("long")),
        422,
        "/problems/validation-error");
  }

  @Test
  void shouldCreateOneEntityWhenConcurrentRetriesRace() throws Exception {
    Http keyed = http.with("Idempotency-Key", "race-" + UUID.randomUUID());
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Callable<Http.Response>> calls = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        calls.add(() -> keyed.post("/configs", config("raced")));
      }
      List<Integer> statuses = new ArrayList<>();
      for (Future<Http.Response> f : pool.invokeAll(calls)) {
        Http.Response r = f.get();
        statuses.add(r.status());
        if (r.status() == 409) {
          assertThat(r.json().get("detail").asText()).contains("in progress");
        }
      }

      // each retry either replays the first answer (201) or meets it in flight (409): which, and
      // how many of each, is the race's (containsOnly would demand a 409)
      assertThat(statuses).allMatch(s -> s == 201 || s == 409).contains(201);
      assertThat(http.get("/configs").json().get("total").asInt()).isEqualTo(1);
      assertThat(keyed.post("/configs", config("raced")).header("Idempotent-Replayed"))
          .isEqualTo("true");
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void shouldReplayARecordedTurnAndStreamWithoutRunningThemAgain() {
    String config = http.post("/configs", config("chat")).json().get("config_id").asText();
    Http.Response session =
        http.with("Idempotency-Key", "s-" + UUID.randomUUID())
            .post("/sessions", Map.of("config_id", config));
    String id = session.json().get("session_id").asText();
    Http turn = http.with("Idempotency-Key", "turn-" + UUID.randomUUID());

    Http.Response reply = turn.post("/sessions/" + id + "/messages", Map.of("message", "hello"));
    Http.Response replayed = turn.post("/sessions/" + id + "/messages", Map.of("message", "hello"));

    assertThat(replayed.body()).isEqualTo(reply.body());
    Http stream = http.with("Idempotency-Key", "stream-" + UUID.randomUUID());
    Http.Response streamed =
        stream.post("/sessions/" + id + "/stream", Map.of("message", "streamed words"));
    Http.Response again =
        stream.post("/sessions/" + id + "/stream", Map.of("message", "streamed words"));

    assertThat(streamed.header("Content-Type")).startsWith("text/event-stream");
    assertThat(streamed.body()).contains("Echo: streamed words");
    assertThat(again.header("Content-Type")).startsWith("text/event-stream");
    assertThat(again.header("Idempotent-Replayed")).isEqualTo("true");
    assertThat(again.body()).isEqualTo(streamed.body());
    assertThat(http.get("/sessions/" + id).json().get("message_count").asInt()).isEqualTo(2);
  }
}
