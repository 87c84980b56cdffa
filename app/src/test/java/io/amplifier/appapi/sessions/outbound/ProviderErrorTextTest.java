package io.amplifier.appapi.sessions.outbound;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.amplifier.appapi.configs.ConfigApiTest.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.amplifier.appapi.Http;
import io.amplifier.appapi.sessions.Turns;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * Provider error text is reduced to status, error type and a fixed message wherever it goes (the
 * answer, the stream, the failure event, the log): no URL, query string, header, key or body.
 */
@OutboundTest
@ExtendWith(OutputCaptureExtension.class)
class ProviderErrorTextTest extends StubbedProviderTest {

  static final List<String> NEVER_SHOWN =
      List.of(
          "query-secret-123",
          "header-secret-456",
          "sk-key-secret-789",
          "body-secret-0ab",
          "/v1/chat",
          "127.0.0.1:");

  @Test
  void shouldReduceAProviderErrorToStatusAndType(CapturedOutput output) throws Exception {
    for (int status : new int[] {400, 429, 503}) {
      PROVIDER.stubFor(
          post(urlPathEqualTo("/v1/chat/completions"))
              .willReturn(
                  aResponse()
                      .withStatus(status)
                      .withHeader("Content-Type", "application/json")
                      .withBody(
                          "{\"error\":{\"message\":\"body-secret-0ab: key sk-key-secret-789 at "
                              + PROVIDER.baseUrl()
                              + "/v1/chat/completions?sig=query-secret-123\","
                              + "\"type\":\"invalid_request_error\",\"code\":null}}")));
      Map<String, Object> config = new LinkedHashMap<>();
      config.put("api_key", "sk-key-secret-789");
      config.put("model", "gpt-test");
      config.put("base_url", PROVIDER.baseUrl());
      config.put("completions_path", "/v1/chat/completions?api-version=1&sig=query-secret-123");
      config.put("headers", Map.of("X-Custom", "header-secret-456"));
      String sessionId = Turns.session(http, "provider-openai", config);

      Http.Response blocking =
          http.post("/sessions/" + sessionId + "/messages", Map.of("message", "hi"));
      http.post("/sessions/" + sessionId + "/resume", null);
      List<JsonNode> streamed = Turns.stream(port, user, sessionId, "hi");

      assertProblem(blocking, 502, "/problems/bad-gateway");
      assertThat(blocking.json().get("detail").asText())
          .isEqualTo("Provider call failed: HTTP " + status + " (invalid_request_error)");
      assertThat(streamed.get(streamed.size() - 1).get("message").asText())
          .isEqualTo("Provider call failed: HTTP " + status + " (invalid_request_error)");
      String events = Turns.sessionEvents(jdbc, sessionId);
      assertThat(events).contains("Provider call failed: HTTP " + status);
      for (String secret : NEVER_SHOWN) {
        assertThat(blocking.body()).doesNotContain(secret);
        assertThat(streamed.toString()).doesNotContain(secret);
        assertThat(events).doesNotContain(secret);
      }
    }
    for (String secret :
        List.of("query-secret-123", "header-secret-456", "sk-key-secret-789", "body-secret-0ab")) {
      assertThat(output.getAll()).doesNotContain(secret);
    }
  }

  @Test
  void shouldDescribeAFailedConnectionWithoutItsAddress() {
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("api_key", "sk-key-secret-789");
    config.put("base_url", "http://127.0.0.1:1/path-secret?sig=query-secret-123");
    String sessionId = Turns.session(http, "provider-openai", config);

    Http.Response blocking =
        http.post("/sessions/" + sessionId + "/messages", Map.of("message", "hi"));

    assertProblem(blocking, 502, "/problems/bad-gateway");
    assertThat(blocking.json().get("detail").asText())
        .isEqualTo("Provider call failed: could not connect to the provider");
  }
}
