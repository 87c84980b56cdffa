package io.amplifier.appapi.configs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.amplifier.appapi.ApiTest;
import io.amplifier.appapi.Http;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/** Rebuilding config-view from the event store reproduces the live table byte for byte. */
@ApiTest
class ConfigViewRebuildTest {

  @LocalServerPort int port;
  @Autowired JdbcTemplate jdbc;

  @Test
  void shouldRebuildAnIdenticalTableFromTheEventStore() throws Exception {
    Http http = new Http(port);
    ExecutorService clients = Executors.newFixedThreadPool(8);
    try {
      List<Future<Integer>> creates =
          IntStream.range(0, 300)
              .mapToObj(
                  i ->
                      clients.submit(
                          () ->
                              http.with("X-User-ID", "user-" + (i % 7))
                                  .post(
                                      "/configs",
                                      Map.of(
                                          "name", "rebuild-" + i,
                                          "config_data",
                                              Map.of("bundle", Map.of("name", "b" + i), "n", i),
                                          "tags", Map.of("batch", "rebuild", "i", "" + i)))
                                  .status()))
              .toList();
      for (Future<Integer> create : creates) {
        assertThat(create.get()).isEqualTo(201);
      }
    } finally {
      clients.shutdown();
    }
    String before = tableHash();
    long rowsBefore = rows();
    assertThat(rowsBefore).isGreaterThanOrEqualTo(300);

    Http.Response started = http.post("/admin/projections/config-view/rebuild", null);

    assertThat(started.status()).isEqualTo(202);
    assertThat(started.json().get("status").asText()).isEqualTo("rebuilding");
    JsonNode status = awaitRebuilt(http);
    assertThat(status.get("lag").asLong()).isZero();
    assertThat(rows()).isEqualTo(rowsBefore);
    assertThat(tableHash()).isEqualTo(before);
  }

  @Test
  void shouldRefuseToRebuildAnUnknownProjection() {
    Http.Response response = new Http(port).post("/admin/projections/no-such-view/rebuild", null);

    ConfigApiTest.assertProblem(response, 404, "/problems/not-found");
    assertThat(response.json().get("detail").asText()).contains("no-such-view");
  }

  @Test
  void shouldListProjectionsWithTheirPositions() {
    JsonNode list = new Http(port).get("/admin/projections").json();

    assertThat(list.get("projections").findValuesAsText("name")).contains("config-view");
    assertThat(list.get("head").asLong()).isGreaterThanOrEqualTo(0);
    assertThat(list.get("projections").get(0).has("rebuild_running")).isTrue();
  }

  @Test
  void shouldKeepAdminRoutesFromOrdinaryUsers() {
    Http.Response response =
        new Http(port)
            .with("X-User-ID", "plain-user")
            .post("/admin/projections/config-view/rebuild", null);

    ConfigApiTest.assertProblem(response, 403, "/problems/forbidden");
  }

  private JsonNode awaitRebuilt(Http http) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    JsonNode status = null;
    while (System.nanoTime() < deadline) {
      status = http.get("/admin/projections/config-view").json();
      if (!status.get("rebuild_running").asBoolean()
          && status.hasNonNull("lag")
          && status.get("lag").asLong() == 0) {
        return status;
      }
      Thread.sleep(50);
    }
    throw new AssertionError("rebuild did not finish: " + status);
  }

  private long rows() {
    return jdbc.queryForObject("SELECT count(*) FROM config_view", Long.class);
  }

  private String tableHash() {
    return jdbc.queryForObject(
        "SELECT md5(coalesce(string_agg(t::text, E'\\n' ORDER BY t.config_id), ''))"
            + " FROM config_view t",
        String.class);
  }
}
