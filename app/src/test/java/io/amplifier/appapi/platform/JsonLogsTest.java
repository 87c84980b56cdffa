package io.amplifier.appapi.platform;

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
import io.amplifier.appapi.TestDatabaseInitializer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.TestPropertySource;

/**
 * {@code LOG_FORMAT=json}: the console speaks Spring Boot's structured JSON, one object a line; a
 * line logged while serving a request carries its {@code request_id}, {@code user_id} and {@code
 * app_id}; no line carries a secret the requests used.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ContextConfiguration(initializers = TestDatabaseInitializer.class)
@TestPropertySource(properties = {"LOG_FORMAT=json", "CONFIG_ENCRYPTION_KEY=" + ApiTest.MASTER_KEY})
@ExtendWith(OutputCaptureExtension.class)
@org.springframework.test.annotation.DirtiesContext
class JsonLogsTest {

  static final String PROVIDER_KEY = "sk-json-log-secret-0123456789";
  static final WireMockServer FAILING =
      new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));

  static {
    FAILING.start();
    FAILING.stubFor(
        post(urlPathMatching(".*"))
            .willReturn(
                aResponse().withStatus(500).withBody("{\"error\":{\"message\":\"boom\"}}")));
  }

  @AfterAll
  static void stop() {
    FAILING.stop();
  }

  @LocalServerPort int port;

  @Test
  void shouldLogJsonLinesWithRequestFieldsAndNoSecret(CapturedOutput output) throws Exception {
    Http http =
        new Http(port)
            .with("X-User-ID", "json-log-user")
            .with("X-Request-ID", "json-log-request-1");
    Map<String, Object> provider =
        Map.of(
            "module",
            "provider-openai",
            "config",
            Map.of("api_key", PROVIDER_KEY, "model", "m", "base_url", FAILING.baseUrl()));
    Map<String, Object> data =
        Map.of("bundle", Map.of("name", "b"), "providers", List.of(provider));
    String config =
        http.post("/configs", Map.of("name", "logged", "config_data", data))
            .json()
            .get("config_id")
            .asText();
    String session =
        http.post("/sessions", Map.of("config_id", config)).json().get("session_id").asText();
    assertThat(
            http.post("/sessions/" + session + "/messages", Map.of("message", "fail, please"))
                .status())
        .isEqualTo(502);

    ObjectMapper json = new ObjectMapper();
    List<JsonNode> lines = new ArrayList<>();
    for (String line : output.getOut().split("\n")) {
      if (line.startsWith("{")) {
        lines.add(json.readTree(line));
      }
    }
    assertThat(lines).as("structured lines").isNotEmpty();
    JsonNode turnFailed =
        lines.stream()
            .filter(l -> "json-log-request-1".equals(l.path("request_id").asText()))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no line of the request in " + output.getOut()));
    assertThat(turnFailed.path("user_id").asText()).isEqualTo("json-log-user");
    assertThat(turnFailed.path("app_id").asText()).isEqualTo("dev-app");
    assertThat(turnFailed.has("@timestamp")).isTrue();
    assertThat(output.getAll()).doesNotContain(PROVIDER_KEY).doesNotContain(ApiTest.MASTER_KEY);
  }
}
