package io.amplifier.appapi.platform.problems;

import static io.amplifier.appapi.configs.ConfigApiTest.assertProblem;
import static io.amplifier.appapi.platform.web.ResourceLimitsTest.assertInvalid;
import static io.amplifier.appapi.platform.web.ResourceLimitsTest.config;
import static org.assertj.core.api.Assertions.assertThat;

import io.amplifier.appapi.ApiTest;
import io.amplifier.appapi.Http;
import io.amplifier.appapi.RawHttp;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Issue 9, point 13: every error is problem+json, the servlet container's own included; a lost race
 * on the event store is a 409 on every route; malformed input is never a 500.
 */
@ApiTest
class ErrorMappingTest {

  @LocalServerPort int port;
  @Autowired DataSource dataSource;
  @Autowired JdbcTemplate jdbc;
  Http http;

  @BeforeEach
  void setUp() {
    http = new Http(port).with("X-User-ID", "errors-" + UUID.randomUUID());
  }

  @Test
  void shouldAnswerTheContainersOwnErrorsAsProblems() {
    assertContainerProblem("GET /% HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n", 400);
    assertContainerProblem(
        "GET /..;/ HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n", 400);
    assertContainerProblem(
        "GET /configs/%00 HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n", 400);
    assertContainerProblem(
        "GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Thing: a\u0000b\r\nConnection: close\r\n\r\n",
        400);
    assertContainerProblem("NOT HTTP AT ALL\r\n\r\n", 400);
    // The request line shares Tomcat's header buffer: too long is "header fields too large".
    assertContainerProblem(
        "GET /"
            + "a".repeat(70 * 1024)
            + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n",
        431);
  }

  @Test
  void shouldAnswerWhatTheFirewallRefusesAsA400Problem() {
    for (String head :
        new String[] {
          "GET /configs HTTP/1.1\r\nHost: 127.0.0.1\r\nX-User-ID: \u00fcn\u00ef\u2603\r\nConnection: close\r\n\r\n",
          "PROPFIND /configs HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n",
          "PROPFIND / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
        }) {
      RawHttp.Answer answer =
          RawHttp.send(port, head.getBytes(java.nio.charset.StandardCharsets.UTF_8), 0, false);
      assertThat(answer.status()).as(head + answer).isEqualTo(400);
      assertThat(answer.headers().get("content-type")).startsWith("application/problem+json");
      assertThat(answer.json().get("type").asText()).isEqualTo("/problems/bad-request");
      assertThat(answer.json().get("detail").asText()).isNotBlank();
      assertThat(answer.body()).doesNotContain("Exception").doesNotContain("\u2603");
    }
  }

  private void assertContainerProblem(String head, int status) {
    RawHttp.Answer answer = RawHttp.send(port, head);
    assertThat(answer.status()).as(answer.toString()).isEqualTo(status);
    assertThat(answer.headers().get("content-type")).startsWith("application/problem+json");
    assertThat(answer.json().get("status").asInt()).isEqualTo(status);
    assertThat(answer.json().get("type").asText()).startsWith("/problems/");
    assertThat(answer.json().get("detail").asText()).isNotBlank();
    assertThat(answer.body()).doesNotContain("<html").doesNotContain("Exception");
  }

  @Test
  void shouldRefuseDuplicateKeysNamingTheField() {
    String session = session();

    Http.Response r =
        http.post(
            "/sessions/" + session + "/participants",
            "{\"user_id\":\"bob\",\"role\":\"viewer\",\"role\":\"editor\"}");

    assertInvalid(r, "role");
  }

  /**
   * Another node appends the session's next event while this node's command is between loading and
   * saving: the command's append fails on the event store's unique key. Held open here by an
   * uncommitted insert, so the race is certain; the session routes had no mapping for it.
   */
  @Test
  void shouldAnswerALostRaceOnTheEventStoreWith409() throws Exception {
    String session = session();
    assertThat(
            http.post(
                    "/sessions/" + session + "/participants",
                    Map.of("user_id", "p1", "role", "viewer"))
                .status())
        .isEqualTo(201);
    Long next =
        jdbc.queryForObject(
            "SELECT max(sequencenumber) + 1 FROM domainevententry WHERE aggregateidentifier = ?",
            Long.class,
            "session:" + session);
    CompletableFuture<Http.Response> racing;
    try (Connection otherNode = dataSource.getConnection()) {
      otherNode.setAutoCommit(false);
      try (PreparedStatement insert =
          otherNode.prepareStatement(
              "INSERT INTO domainevententry (aggregateidentifier, sequencenumber, type,"
                  + " eventidentifier, metadata, payload, payloadrevision, payloadtype, timestamp)"
                  + " SELECT aggregateidentifier, ?, type, ?, metadata, payload, payloadrevision,"
                  + " payloadtype, timestamp FROM domainevententry"
                  + " WHERE aggregateidentifier = ? AND sequencenumber = ?")) {
        insert.setLong(1, next);
        insert.setString(2, UUID.randomUUID().toString());
        insert.setString(3, "session:" + session);
        insert.setLong(4, next - 1);
        assertThat(insert.executeUpdate()).isEqualTo(1);
      }
      racing =
          CompletableFuture.supplyAsync(
              () ->
                  http.post(
                      "/sessions/" + session + "/participants",
                      Map.of("user_id", "p2", "role", "viewer")));
      awaitAppendWaitingOnTheOtherNode();
      otherNode.commit();
    }

    Http.Response lost = racing.get();

    assertProblem(lost, 409, "/problems/conflict");
  }

  private void awaitAppendWaitingOnTheOtherNode() throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (System.nanoTime() < deadline) {
      Integer waiting =
          jdbc.queryForObject(
              "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
                  + " AND wait_event_type = 'Lock' AND query ILIKE '%domainevententry%'",
              Integer.class);
      if (waiting != null && waiting > 0) {
        return;
      }
      Thread.sleep(20);
    }
    throw new AssertionError("the command never reached the event store");
  }

  private String session() {
    String configId = http.post("/configs", config("errors")).json().get("config_id").asText();
    return http.post("/sessions", Map.of("config_id", configId)).json().get("session_id").asText();
  }
}
