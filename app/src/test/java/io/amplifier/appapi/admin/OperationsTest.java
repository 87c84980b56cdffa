package io.amplifier.appapi.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.amplifier.appapi.ApiTest;
import io.amplifier.appapi.Http;
import io.amplifier.appapi.configs.Recipes;
import java.sql.Connection;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * What an orchestrator and a scraper see: liveness and readiness probes, and Prometheus metrics
 * with Axon's per-type command metrics and each projection's lag, which moves when a projection
 * falls behind and returns to zero when it catches up. (Spring Boot's tests switch metric export
 * off unless asked, hence {@code @AutoConfigureObservability}.)
 */
@ApiTest
@AutoConfigureObservability(tracing = false)
@org.springframework.test.annotation.DirtiesContext
class OperationsTest {

  @LocalServerPort int port;
  @Autowired DataSource dataSource;

  @Test
  void shouldAnswerLivenessAndReadinessProbes() {
    Http http = new Http(port);
    Http.Response liveness = http.get("/actuator/health/liveness");
    Http.Response readiness = http.get("/actuator/health/readiness");

    assertThat(liveness.status()).isEqualTo(200);
    assertThat(liveness.json().get("status").asText()).isEqualTo("UP");
    assertThat(readiness.status()).as(readiness.toString()).isEqualTo(200);
    assertThat(readiness.json().get("status").asText()).isEqualTo("UP");
    assertThat(http.get("/actuator/env").status())
        .as("only health, info, metrics and prometheus")
        .isEqualTo(404);
  }

  @Test
  void shouldExposeCommandMetricsAndAProjectionLagThatMoves() throws Exception {
    Http http = new Http(port).with("X-User-ID", "metrics-user");
    double before = 1;
    for (int i = 0; i < 100 && before > 0; i++) {
      before = lag(http, "audit-log");
      Thread.sleep(before > 0 ? 100 : 0);
    }
    assertThat(before).as("the audit log caught up first").isZero();

    // The lag is the projection's, over every segment in the token store, whichever node (or
    // context of this JVM) projects them: so hold every writer of its table, not one processor.
    // The audit log streams; the recipe's own view is inline, written with the command.
    CompletableFuture<Http.Response> created;
    try (Connection blocker = dataSource.getConnection()) {
      blocker.setAutoCommit(false);
      blocker.createStatement().execute("LOCK TABLE audit_log IN SHARE MODE");
      Map<String, Object> recipe = Recipes.oneStep("metered-" + System.nanoTime());
      created =
          CompletableFuture.supplyAsync(
              () -> http.post("/api/recipes/", Map.of("recipe_data", recipe)));
      double behind = 0;
      for (int i = 0; i < 100 && behind < 1; i++) {
        Thread.sleep(50);
        behind = lag(http, "audit-log");
      }
      assertThat(behind).as("a held projection falls behind").isGreaterThanOrEqualTo(1);
      blocker.rollback();
    }
    assertThat(created.get(30, TimeUnit.SECONDS).status()).isLessThan(300);
    double lag = 1;
    for (int i = 0; i < 100 && lag > 0; i++) {
      Thread.sleep(100);
      lag = lag(http, "audit-log");
    }
    assertThat(lag).as("and catches up").isZero();

    String scrape = http.get("/actuator/prometheus").body();
    assertThat(scrape).contains("amplifier_projection_lag_seconds{").contains("commandBus");
    // Axon's capacity gauges keep ten minutes of every message's duration in memory (AxonMeters)
    assertThat(scrape)
        .contains("commandBus_successCounter_total{")
        .contains("eventProcessor_latency")
        .doesNotContainPattern("(commandBus|queryBus|eventProcessor)_capacity");
  }

  static double lag(Http http, String processor) {
    Http.Response scrape = http.get("/actuator/prometheus");
    assertThat(scrape.status()).isEqualTo(200);
    Matcher m =
        Pattern.compile(
                "amplifier_projection_lag_events\\{[^}]*processor=\""
                    + Pattern.quote(processor)
                    + "\"[^}]*} ([0-9.eE+-]+)")
            .matcher(scrape.body());
    assertThat(m.find()).as("lag gauge of " + processor).isTrue();
    return Double.parseDouble(m.group(1));
  }
}
