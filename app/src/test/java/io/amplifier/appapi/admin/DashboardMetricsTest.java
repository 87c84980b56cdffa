package io.amplifier.appapi.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.amplifier.appapi.ApiTest;
import io.amplifier.appapi.Http;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The operator's dashboard ({@code ops/grafana/dashboards/amplifier.json}, provisioned with
 * Prometheus by {@code compose.yaml}) shows what the issue asks for, and every metric one of its
 * queries names is one this service exposes on {@code /actuator/prometheus}: a renamed meter, or a
 * panel asking for a metric nobody registers, fails here instead of as an empty panel. Each query
 * is PromQL; its metric names are the identifiers left once strings, label matchers, ranges,
 * grouping clauses, functions and keywords are taken out. The service first serves a few requests
 * and an echo turn, so the meters that are registered on first use exist.
 */
@ApiTest
@AutoConfigureObservability(tracing = false)
@org.springframework.test.annotation.DirtiesContext
class DashboardMetricsTest {

  private static final Path DASHBOARD =
      Path.of("..", "ops", "grafana", "dashboards", "amplifier.json");

  /** The panels issue 23 asks for, by title. */
  private static final List<String> PANELS =
      List.of(
          "Request rate per route",
          "p99 latency per route",
          "Projection lag per processor",
          "Dead letters per processor",
          "Turns running and waiting",
          "Provider latency",
          "Provider tokens",
          "Rate-limit refusals");

  private static final Set<String> KEYWORDS =
      Set.of(
          "by",
          "without",
          "on",
          "ignoring",
          "group_left",
          "group_right",
          "offset",
          "bool",
          "and",
          "or",
          "unless",
          "inf",
          "nan");

  private static final Pattern IDENTIFIER = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");

  @LocalServerPort int port;

  @Test
  void shouldHaveThePanelsTheIssueAsksFor() throws IOException {
    JsonNode dashboard = dashboard();
    List<String> titles = new ArrayList<>();
    for (JsonNode panel : panels(dashboard)) {
      titles.add(panel.path("title").asText());
    }
    assertThat(titles).containsAll(PANELS);
    for (JsonNode panel : panels(dashboard)) {
      if ("row".equals(panel.path("type").asText())) {
        continue;
      }
      assertThat(panel.path("targets").size())
          .as("queries of panel %s", panel.path("title").asText())
          .isPositive();
      assertThat(panel.path("datasource").path("uid").asText())
          .as("datasource of panel %s", panel.path("title").asText())
          .isEqualTo("amplifier-prometheus");
    }
  }

  @Test
  void shouldQueryOnlyMetricsTheServiceExposes() throws Exception {
    Map<String, Set<String>> used = metricsByQuery(dashboard());
    assertThat(used).isNotEmpty();
    Set<String> all = new TreeSet<>();
    used.values().forEach(all::addAll);
    assertThat(all)
        .as("the extraction finds the metrics of the issue's panels")
        .contains(
            "http_server_requests_seconds_count",
            "http_server_requests_seconds_bucket",
            "amplifier_projection_lag_events",
            "amplifier_projection_dead_letters_events",
            "amplifier_turns_running",
            "amplifier_turns_waiting",
            "amplifier_provider_calls_seconds_bucket",
            "amplifier_provider_tokens_total",
            "amplifier_rate_limit_refusals_total");

    exercise();
    Http.Response scrape = new Http(port).get("/actuator/prometheus");
    assertThat(scrape.status()).isEqualTo(200);
    Set<String> exposed = new TreeSet<>();
    for (String line : scrape.body().split("\n")) {
      if (!line.isEmpty() && !line.startsWith("#")) {
        Matcher name = IDENTIFIER.matcher(line);
        if (name.lookingAt()) {
          exposed.add(name.group());
        }
      }
    }
    used.forEach(
        (query, metrics) ->
            assertThat(exposed)
                .as("metrics of %s on /actuator/prometheus", query)
                .containsAll(metrics));
  }

  /** A few requests, and one echo turn: the meters registered on first use then exist. */
  private void exercise() {
    Http http = new Http(port).with("X-User-ID", "dashboard-" + UUID.randomUUID());
    Map<String, Object> data =
        Map.of(
            "bundle",
            Map.of("name", "chat"),
            "providers",
            List.of(Map.of("module", "provider-echo")));
    Http.Response config = http.post("/configs", Map.of("name", "chat", "config_data", data));
    assertThat(config.status()).as(config.toString()).isEqualTo(201);
    Http.Response session =
        http.post("/sessions", Map.of("config_id", config.json().get("config_id").asText()));
    assertThat(session.status()).as(session.toString()).isEqualTo(201);
    String id = session.json().get("session_id").asText();
    Http.Response turn = http.post("/sessions/" + id + "/messages", Map.of("message", "Hello"));
    assertThat(turn.status()).as(turn.toString()).isEqualTo(200);
    assertThat(http.get("/sessions/" + id).status()).isEqualTo(200);
  }

  private static JsonNode dashboard() throws IOException {
    return new ObjectMapper().readTree(DASHBOARD.toFile());
  }

  /** Every panel, those inside collapsed rows too. */
  private static List<JsonNode> panels(JsonNode dashboard) {
    List<JsonNode> panels = new ArrayList<>();
    for (JsonNode panel : dashboard.path("panels")) {
      panels.add(panel);
      panel.path("panels").forEach(panels::add);
    }
    return panels;
  }

  /** Each query of the dashboard (panel targets and template variables) with its metric names. */
  private static Map<String, Set<String>> metricsByQuery(JsonNode dashboard) {
    Map<String, Set<String>> used = new java.util.LinkedHashMap<>();
    for (JsonNode panel : panels(dashboard)) {
      for (JsonNode target : panel.path("targets")) {
        String expr = target.path("expr").asText("");
        if (!expr.isBlank()) {
          used.put(panel.path("title").asText() + ": " + expr, metricNames(expr));
        }
      }
    }
    for (JsonNode variable : dashboard.path("templating").path("list")) {
      String query = variable.path("query").path("query").asText(variable.path("query").asText(""));
      if (!query.isBlank()) {
        used.put(
            "variable " + variable.path("name").asText() + ": " + query,
            metricNames(withoutLabelArgument(query)));
      }
    }
    return used;
  }

  /** Grafana's {@code label_values(selector, label)} without its label: a label is no metric. */
  static String withoutLabelArgument(String query) {
    return query.startsWith("label_values(")
        ? query.replaceFirst(",\\s*[a-zA-Z_][a-zA-Z0-9_]*\\s*\\)\\s*$", ")")
        : query;
  }

  /** The metric names of a PromQL expression. */
  static Set<String> metricNames(String expr) {
    String bare =
        expr.replaceAll("\"(\\\\.|[^\"\\\\])*\"", "\"\"") // string literals
            .replaceAll("\\{[^}]*}", "{}") // label matchers
            .replaceAll("\\[[^]]*]", "[]") // ranges and subqueries
            .replaceAll("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", " ");
    Set<String> names = new TreeSet<>();
    Matcher m = IDENTIFIER.matcher(bare);
    while (m.find()) {
      String name = m.group();
      int next = m.end();
      while (next < bare.length() && Character.isWhitespace(bare.charAt(next))) {
        next++;
      }
      boolean function = next < bare.length() && bare.charAt(next) == '(';
      boolean number = m.start() > 0 && Character.isDigit(bare.charAt(m.start() - 1));
      if (!function && !number && !KEYWORDS.contains(name.toLowerCase(java.util.Locale.ROOT))) {
        names.add(name);
      }
    }
    return names;
  }

  @Test
  void shouldFindMetricNamesInPromQl() {
    assertThat(
            metricNames(
                "histogram_quantile(0.99, sum by (le, uri) (rate(a_seconds_bucket{uri!~\"/x.*\","
                    + " status=\"5..\"}[$__rate_interval]))) / ignoring (le) b_total offset 5m"))
        .containsExactly("a_seconds_bucket", "b_total");
    assertThat(
            metricNames(withoutLabelArgument("label_values(c_count{application=\"x\"}, instance)")))
        .containsExactly("c_count");
  }
}
