package io.amplifier.appapi;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The service's own routes keep the original's shapes; the docs load nothing from a CDN. */
@ApiTest
class ServiceRoutesTest {

  @LocalServerPort int port;
  Http http;

  @BeforeEach
  void setUp() {
    http = new Http(port);
  }

  @Test
  void shouldDescribeTheServiceAtTheRoot() {
    JsonNode root = http.get("/").json();

    assertThat(root.get("service").asText()).isEqualTo("Amplifier App api");
    assertThat(root.get("version").asText()).isNotBlank();
    assertThat(root.get("description").asText()).isNotBlank();
    assertThat(root.get("docs").asText()).isEqualTo("/docs");
    assertThat(root.get("health").asText()).isEqualTo("/health");
  }

  @Test
  void shouldReportHealthyWithTheDatabaseConnected() {
    Http.Response response = http.get("/health");

    assertThat(response.status()).isEqualTo(200);
    JsonNode health = response.json();
    assertThat(health.get("status").asText()).isEqualTo("healthy");
    assertThat(health.get("database_connected").asBoolean()).isTrue();
    assertThat(health.get("uptime").asText())
        .matches("Days: \\d+, Hours: \\d+, Minutes: \\d+, Seconds: \\d+");
    assertThat(health.get("uptime_seconds").isNumber()).isTrue();
    assertThat(health.get("version").asText()).isNotBlank();
  }

  @Test
  void shouldReportVersions() {
    JsonNode version = http.get("/version").json();

    assertThat(version.get("service_version").asText()).isNotBlank();
    assertThat(version.get("amplifier_core_version").asText()).isNotBlank();
    assertThat(version.get("amplifier_foundation_version").asText()).isEqualTo("0.4.0");
    assertThat(version.get("git_commit").asText())
        .isEqualTo(version.get("amplifier_core_version").asText());
    assertThat(version.get("axon_framework_version").asText()).startsWith("4.13");
    assertThat(version.get("database_version").asText()).startsWith("PostgreSQL");
  }

  @Test
  void shouldRunInProcessSmokeTests() {
    for (String path : new String[] {"/smoke-tests/quick", "/smoke-tests"}) {
      JsonNode report = http.get(path).json();

      assertThat(report.get("success").asBoolean()).as(report.toString()).isTrue();
      assertThat(report.get("failed").asInt()).isZero();
      assertThat(report.get("passed").asInt()).isEqualTo(report.get("total").asInt());
      assertThat(report.hasNonNull("timestamp")).isTrue();
      assertThat(report.get("tests").findValuesAsText("name"))
          .contains("database", "event_store", "read_model:config-view");
      report.get("tests").forEach(t -> assertThat(t.get("passed").asBoolean()).isTrue());
    }
  }

  @Test
  void shouldRunTheFullSmokeTestsForAdminsOnlyAndCountNothingInTheQuickOnes() {
    Http user = http.with("X-User-ID", "smoke-user");

    Http.Response full = user.get("/smoke-tests");
    assertThat(full.status()).as(full.toString()).isEqualTo(403);
    assertThat(full.header("Content-Type")).startsWith("application/problem+json");
    JsonNode quick = user.get("/smoke-tests/quick").json();
    assertThat(quick.get("success").asBoolean()).as(quick.toString()).isTrue();
    assertThat(quick.toString()).doesNotContain(" rows").doesNotContain("position");
  }

  @Test
  void shouldServeTheOpenApiDocument() {
    Http.Response response = http.get("/openapi.json");

    assertThat(response.status()).isEqualTo(200);
    JsonNode doc = response.json();
    assertThat(doc.get("openapi").asText()).startsWith("3.");
    assertThat(doc.get("paths").has("/configs")).isTrue();
    assertThat(doc.get("paths").has("/configs/{configId}")).isTrue();
  }

  @Test
  void shouldGiveEveryRouteASummaryAndItsProblemResponses() {
    JsonNode paths = http.get("/openapi.json").json().get("paths");

    assertThat(paths.has("/error")).isFalse();
    paths
        .fields()
        .forEachRemaining(
            path ->
                path.getValue()
                    .fields()
                    .forEachRemaining(
                        op -> {
                          String route =
                              op.getKey().toUpperCase(java.util.Locale.ROOT) + " " + path.getKey();
                          assertThat(op.getValue().path("summary").asText()).as(route).isNotBlank();
                          JsonNode responses = op.getValue().get("responses");
                          java.util.List<String> problems = new java.util.ArrayList<>();
                          responses
                              .fieldNames()
                              .forEachRemaining(
                                  code -> {
                                    if (code.startsWith("4") || code.startsWith("5")) {
                                      problems.add(code);
                                      assertThat(
                                              responses
                                                  .get(code)
                                                  .path("content")
                                                  .has("application/problem+json"))
                                          .as(route + " " + code)
                                          .isTrue();
                                    }
                                  });
                          assertThat(problems).as(route).isNotEmpty();
                          assertThat(responses.fieldNames())
                              .toIterable()
                              .as(route)
                              .anyMatch(code -> code.startsWith("2"));
                        }));
  }

  @Test
  void shouldServeSwaggerUiAndRedocFromThisServiceOnly() {
    Http.Response swagger = http.get("/docs");
    assertThat(swagger.status()).isEqualTo(200);
    assertThat(swagger.header("Content-Type")).startsWith("text/html");
    assertThat(swagger.body()).contains("swagger-ui").doesNotContain("https://", "http://");
    for (String asset :
        new String[] {"/swagger-ui/swagger-ui-bundle.js", "/swagger-ui/swagger-initializer.js"}) {
      Http.Response script = http.get(asset);
      assertThat(script.status()).as(asset).isEqualTo(200);
      assertThat(script.body()).as(asset).doesNotContain("https://unpkg", "https://cdn");
    }

    Http.Response redoc = http.get("/redoc");
    assertThat(redoc.status()).isEqualTo(200);
    assertThat(redoc.body()).contains("<redoc").contains("/openapi.json");
    assertThat(redoc.body()).doesNotContain("https://", "http://");
    assertThat(http.get("/redoc/redoc.standalone.js").status()).isEqualTo(200);
  }
}
