package io.amplifier.appapi.platform.web;

import static io.amplifier.appapi.configs.ConfigApiTest.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.amplifier.appapi.ApiTest;
import io.amplifier.appapi.Http;
import io.amplifier.appapi.OneUserTest;
import io.amplifier.appapi.RawHttp;
import io.amplifier.appapi.sessions.Turns;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * Issue 9, point 9: sizes are refused before they are read. Bodies over MAX_REQUEST_BYTES are a 413
 * whether declared or chunked, headers over the limit a 431, and every bounded field a 422 naming
 * it.
 */
@ApiTest
public class ResourceLimitsTest extends OneUserTest {

  private static final long FIFTY_MB = 50L * 1024 * 1024;

  @Test
  void shouldRefuseLargeBodiesBeforeReadingThem() {
    List<java.lang.management.MemoryPoolMXBean> heap =
        java.lang.management.ManagementFactory.getMemoryPoolMXBeans().stream()
            .filter(pool -> pool.getType() == java.lang.management.MemoryType.HEAP)
            .toList();
    System.gc();
    long before = heap.stream().mapToLong(pool -> pool.getUsage().getUsed()).sum();
    heap.forEach(java.lang.management.MemoryPoolMXBean::resetPeakUsage);
    java.util.concurrent.ExecutorService senders =
        java.util.concurrent.Executors.newFixedThreadPool(20);
    List<CompletableFuture<RawHttp.Answer>> answers = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      boolean chunked = i % 2 == 0;
      answers.add(CompletableFuture.supplyAsync(() -> postHuge(chunked), senders));
    }

    for (CompletableFuture<RawHttp.Answer> future : answers) {
      RawHttp.Answer answer = future.join();
      assertThat(answer.status()).as(answer.toString()).isEqualTo(413);
      assertThat(answer.headers().get("content-type")).startsWith("application/problem+json");
      assertThat(answer.json().get("type").asText()).isEqualTo("/problems/payload-too-large");
      assertThat(answer.json().get("status").asInt()).isEqualTo(413);
      assertThat(answer.json().get("errors").get(0).get("field").asText()).isEqualTo("body");
    }
    senders.shutdown();
    long peak = heap.stream().mapToLong(pool -> pool.getPeakUsage().getUsed()).sum();
    assertThat(peak - before)
        .as("20 bodies of 50 MB (1,000 MB) were not read into the heap")
        .isLessThan(700L * 1024 * 1024);
    Http.Response health = http.get("/health");
    assertThat(health.json().get("database_connected").asBoolean()).isTrue();
    assertThat(http.post("/configs", config("after-the-flood")).status()).isEqualTo(201);
  }

  /** A JSON body that would be 50 MB: its first bytes are a valid start, the rest one string. */
  private RawHttp.Answer postHuge(boolean chunked) {
    String prefix = "{\"name\":\"";
    String head =
        "POST /configs HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
            + (chunked
                ? "Transfer-Encoding: chunked\r\n\r\n"
                    + Integer.toHexString(prefix.length())
                    + "\r\n"
                    + prefix
                    + "\r\n"
                : "Content-Length: " + FIFTY_MB + "\r\n\r\n" + prefix);
    return RawHttp.send(port, head.getBytes(StandardCharsets.US_ASCII), FIFTY_MB, chunked);
  }

  @Test
  void shouldAnswerHeadersOverTheLimitWith431() {
    RawHttp.Answer answer =
        RawHttp.send(
            port,
            "GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Padding: "
                + "a".repeat(70 * 1024)
                + "\r\nConnection: close\r\n\r\n");

    assertThat(answer.status()).isEqualTo(431);
    assertThat(answer.headers().get("content-type")).startsWith("application/problem+json");
    assertThat(answer.json().get("type").asText())
        .isEqualTo("/problems/request-header-fields-too-large");
    assertThat(answer.json().get("status").asInt()).isEqualTo(431);
    assertThat(answer.body()).doesNotContain("<html");
  }

  @Test
  void shouldRefuseBodiesNestedTooDeeply() {
    String deep = "{\"a\":".repeat(80) + "1" + "}".repeat(80);
    Http.Response r = http.post("/configs", "{\"name\":\"deep\",\"config_data\":" + deep + "}");

    assertInvalid(r, "config_data" + ".a".repeat(63));

    String deeper = "{\"a\":".repeat(300) + "1" + "}".repeat(300);
    Http.Response parser =
        http.post("/configs", "{\"name\":\"deep\",\"config_data\":" + deeper + "}");
    assertProblem(parser, 422, "/problems/validation-error");
    assertThat(parser.json().get("errors").get(0).get("message").asText()).contains("nested");
  }

  @Test
  void shouldBoundTags() {
    Map<String, String> many = new HashMap<>();
    for (int i = 0; i < 51; i++) {
      many.put("k" + i, "v");
    }
    assertInvalid(http.post("/configs", withTags(many)), "tags");
    assertInvalid(http.post("/configs", withTags(Map.of("k".repeat(129), "v"))), "tags");
    assertInvalid(http.post("/configs", withTags(Map.of("k", "v".repeat(1025)))), "tags.k");
    assertThat(http.post("/configs", withTags(Map.of("k", "v".repeat(1024)))).status())
        .isEqualTo(201);
  }

  @Test
  void shouldBoundSessionMetadata() {
    String configId = http.post("/configs", config("meta")).json().get("config_id").asText();

    Http.Response r =
        http.post(
            "/sessions",
            Map.of("config_id", configId, "metadata", Map.of("blob", "x".repeat(70_000))));

    assertInvalid(r, "metadata");
    assertThat(
            http.post("/sessions", Map.of("config_id", configId, "metadata", Map.of("a", 1)))
                .status())
        .isEqualTo(201);
  }

  @Test
  void shouldBoundTheEchoProvidersDelay() {
    Map<String, Object> slow = config("slow");
    slow.put("config_data", Turns.document("slow", "provider-echo", Map.of("delay_ms", 10_001)));

    assertConfigInvalid(http.post("/configs", slow), "config_data.providers[0].config.delay_ms");

    String id = http.post("/configs", config("fast")).json().get("config_id").asText();
    Http.Response update =
        http.put(
            "/configs/" + id,
            Map.of(
                "providers",
                List.of(
                    Map.of("module", "provider-echo", "config", Map.of("delay_ms", 3_600_000)))));
    assertConfigInvalid(update, "providers[0].config.delay_ms");
  }

  @Test
  void shouldBoundParticipantsPerSession() {
    String configId = http.post("/configs", config("crowd")).json().get("config_id").asText();
    String session =
        http.post("/sessions", Map.of("config_id", configId)).json().get("session_id").asText();
    for (int i = 0; i < 100; i++) {
      Http.Response added =
          http.post(
              "/sessions/" + session + "/participants",
              Map.of("user_id", "guest-" + i, "role", "viewer"));
      assertThat(added.status()).as(added.toString()).isEqualTo(201);
    }

    Http.Response oneTooMany =
        http.post(
            "/sessions/" + session + "/participants",
            Map.of("user_id", "guest-100", "role", "viewer"));

    assertInvalid(oneTooMany, "participants");
    Http.Response changeRole =
        http.send(
            "PATCH", "/sessions/" + session + "/participants/guest-1", Map.of("role", "editor"));
    assertThat(changeRole.status()).isEqualTo(200);
  }

  @Test
  void shouldBoundForks() {
    String configId = http.post("/configs", config("long")).json().get("config_id").asText();
    String session =
        http.post("/sessions", Map.of("config_id", configId)).json().get("session_id").asText();
    String big = "word ".repeat(39_000);
    // 11 turns of ~195,000 characters each way: more than 4 MiB of transcript.
    for (int i = 0; i < 11; i++) {
      Http.Response turn = http.post("/sessions/" + session + "/messages", Map.of("message", big));
      assertThat(turn.status()).as(turn.toString()).isEqualTo(200);
    }

    assertInvalid(http.post("/sessions/" + session + "/fork", Map.of()), "after_turn");
    Http.Response earlier = http.post("/sessions/" + session + "/fork", Map.of("after_turn", 2));
    assertThat(earlier.status()).as(earlier.toString()).isEqualTo(201);
  }

  /** A config breaking a bound: 400 as every config rule (the original's status), naming it. */
  public static void assertConfigInvalid(Http.Response response, String field) {
    assertProblem(response, 400, "/problems/config-validation");
    assertThat(response.json().get("detail").asText())
        .startsWith("Config validation error: " + field + ": ");
    assertThat(response.json().get("errors").get(0).get("field").asText()).isEqualTo(field);
  }

  public static void assertInvalid(Http.Response response, String field) {
    assertProblem(response, 422, "/problems/validation-error");
    JsonNode errors = response.json().get("errors");
    assertThat(errors).as(response.toString()).isNotNull();
    assertThat(errors.get(0).get("field").asText()).as(response.toString()).isEqualTo(field);
  }

  private static Map<String, Object> withTags(Map<String, String> tags) {
    Map<String, Object> body = config("tagged");
    body.put("tags", tags);
    return body;
  }

  public static Map<String, Object> config(String name) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("name", name);
    body.put("config_data", Turns.document(name, "provider-echo", Map.of()));
    return body;
  }
}
