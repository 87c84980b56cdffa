package io.amplifier.appapi.platform.operations;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.amplifier.appapi.ApiTest;
import io.amplifier.appapi.Http;
import io.amplifier.appapi.TestDatabase;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code LOG_FORMAT=json}: the console speaks Spring Boot's structured JSON, one object a line; a
 * line logged while serving a request carries its {@code request_id}, {@code user_id} and {@code
 * app_id}; no line carries a secret the requests used. The service runs in a JVM of its own, as the
 * README starts it (logging is set up once per JVM, so a test context sharing the test JVM would
 * see whatever format an earlier context chose).
 */
class JsonLogsTest {

  static final String PROVIDER_KEY = "sk-json-log-secret-0123456789";

  @TempDir Path dir;

  @Test
  void shouldLogJsonLinesWithRequestFieldsAndNoSecret() throws Exception {
    WireMockServer failing = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
    failing.start();
    failing.stubFor(
        post(urlPathMatching(".*"))
            .willReturn(
                aResponse().withStatus(500).withBody("{\"error\":{\"message\":\"boom\"}}")));
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    Path log = dir.resolve("service.log");
    ProcessBuilder command =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1",
                "-Xmx256m",
                "-cp",
                System.getProperty("java.class.path"),
                "io.amplifier.appapi.AmplifierApplication")
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    Map<String, String> env = command.environment();
    env.put("LOG_FORMAT", "json");
    env.put("DATABASE_URL", TestDatabase.jdbcUrl());
    env.put("SERVICE_PORT", Integer.toString(port));
    env.put("CONFIG_ENCRYPTION_KEY", ApiTest.MASTER_KEY);
    env.put("AMPLIFIER_DATA_DIR", Files.createDirectories(dir.resolve("data")).toString());
    env.put("DATABASE_POOL_MIN_SIZE", "1");
    env.put("DATABASE_POOL_MAX_SIZE", "5");
    env.put("PROVIDER_ALLOWED_HOSTS", "127.0.0.1");
    Process service = command.start();
    try {
      awaitHealthy(service, port, log);
      Http http =
          new Http(port)
              .with("X-User-ID", "json-log-user")
              .with("X-Request-ID", "json-log-request-1");
      Map<String, Object> provider =
          Map.of(
              "module",
              "provider-openai",
              "config",
              Map.of("api_key", PROVIDER_KEY, "model", "m", "base_url", failing.baseUrl()));
      Map<String, Object> data =
          Map.of("bundle", Map.of("name", "b"), "providers", List.of(provider));
      Http.Response created = http.post("/configs", Map.of("name", "logged", "config_data", data));
      assertThat(created.status()).as(created.toString()).isEqualTo(201);
      String session =
          http.post("/sessions", Map.of("config_id", created.json().get("config_id").asText()))
              .json()
              .get("session_id")
              .asText();
      assertThat(
              http.post("/sessions/" + session + "/messages", Map.of("message", "fail, please"))
                  .status())
          .isEqualTo(502);
    } finally {
      service.destroy();
      if (!service.waitFor(30, TimeUnit.SECONDS)) {
        service.destroyForcibly();
      }
      failing.stop();
    }

    String printed = Files.readString(log, StandardCharsets.UTF_8);
    ObjectMapper json = new ObjectMapper();
    List<JsonNode> lines = new ArrayList<>();
    for (String line : printed.split("\n")) {
      if (line.startsWith("{")) {
        lines.add(json.readTree(line));
      }
    }
    assertThat(lines).as("structured lines").isNotEmpty();
    JsonNode turnFailed =
        lines.stream()
            .filter(l -> "json-log-request-1".equals(l.path("request_id").asText()))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no line of the request in " + printed));
    assertThat(turnFailed.path("user_id").asText()).isEqualTo("json-log-user");
    assertThat(turnFailed.path("app_id").asText()).isEqualTo("dev-app");
    assertThat(turnFailed.has("@timestamp")).isTrue();
    assertThat(printed).doesNotContain(PROVIDER_KEY).doesNotContain(ApiTest.MASTER_KEY);
  }

  private static void awaitHealthy(Process service, int port, Path log) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (true) {
      assertThat(service.isAlive())
          .as("the service runs\n%s", Files.readString(log, StandardCharsets.UTF_8))
          .isTrue();
      try {
        if (new Http(port).get("/health").status() == 200) {
          return;
        }
      } catch (UncheckedIOException notYet) {
        // not listening yet
      }
      assertThat(System.nanoTime()).as("the service answers /health").isLessThan(deadline);
      Thread.sleep(200);
    }
  }
}
