package io.amplifier.appapi.sessions.outbound;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.amplifier.appapi.configs.ConfigApiTest.assertProblem;
import static io.amplifier.appapi.sessions.ProviderWire.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.amplifier.appapi.ApiTest;
import io.amplifier.appapi.Http;
import io.amplifier.appapi.sessions.ProviderWire;
import io.amplifier.appapi.sessions.Turns;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * {@code ${VAR}} in a config: stored and answered verbatim (data, as in the original); when a turn
 * runs, only names on {@code PROVIDER_ENV_ALLOWLIST} bound to the provider's host resolve (a
 * credential only in {@code api_key} and header values), never the service's own settings, else the
 * turn is refused naming the field; a resolved value reaches the provider and nothing else
 * (responses, events, logs, errors).
 */
@OutboundTest
@ExtendWith(OutputCaptureExtension.class)
class SecretReferencesTest extends StubbedProviderTest {

  /**
   * The exfiltration attempt of the issue: the master key, HOME and PATH, to a server of the
   * caller's.
   */
  Map<String, Object> exfiltration() {
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("api_key", "${CONFIG_ENCRYPTION_KEY}");
    config.put("model", "${HOME}");
    config.put("base_url", PROVIDER.baseUrl());
    config.put("headers", Map.of("X-Path", "${PATH}"));
    return config;
  }

  /** The stub on {@code 127.0.0.1}, the host the test variable is bound to. */
  Map<String, Object> wiremock(String key, Object value) {
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("api_key", "sk-plain");
    config.put("model", "gpt-test");
    config.put("base_url", "http://127.0.0.1:" + PROVIDER.getPort());
    config.put(key, value);
    return config;
  }

  /** A session on {@code config}, accepted and answered verbatim; its turn is refused. */
  Http.Response refusedTurn(Map<String, Object> config, String field) {
    Http.Response created = Turns.createConfig(http, "provider-openai", config);
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    String configId = created.json().get("config_id").asText();
    ObjectNode stored =
        (ObjectNode) http.get("/configs/" + configId).json().at("/config_data/providers/0/config");
    ObjectNode sent = Turns.JSON.valueToTree(config);
    if (!sent.path("api_key").asText().contains("${")) {
      stored.remove("api_key"); // sealed
      sent.remove("api_key");
    }
    assertThat(stored).as("references are data: answered verbatim").isEqualTo(sent);
    String sessionId =
        http.post("/sessions", Map.of("config_id", configId)).json().get("session_id").asText();
    Http.Response reply =
        http.post("/sessions/" + sessionId + "/messages", Map.of("message", "hi"));
    assertProblem(reply, 400, "/problems/config-validation");
    assertThat(reply.json().get("detail").asText())
        .startsWith("Config validation error: " + field + ": ");
    assertThat(reply.json().get("errors").get(0).get("field").asText()).isEqualTo(field);
    return reply;
  }

  @Test
  void shouldStoreTheExfiltrationConfigVerbatimAndRefuseItsTurnNamingTheField() {
    // the first field that cannot resolve, in the stored (jsonb) order
    Http.Response refused = refusedTurn(exfiltration(), "$.providers[0].config.model");
    assertThat(refused.body())
        .doesNotContain(ApiTest.MASTER_KEY)
        .doesNotContain(System.getProperty("user.home"));

    String configId =
        Turns.createConfig(http, "provider-openai", wiremock("temperature", 0.1))
            .json()
            .get("config_id")
            .asText();
    Http.Response updated =
        http.put(
            "/configs/" + configId,
            Map.of("config_data", Turns.document("provider-openai", exfiltration())));
    assertThat(updated.status()).as(updated.toString()).isEqualTo(200);
    assertThat(
            http.get("/configs/" + configId)
                .json()
                .at("/config_data/providers/0/config/api_key")
                .asText())
        .isEqualTo("${CONFIG_ENCRYPTION_KEY}");
    assertThat(PROVIDER.getAllServeEvents()).isEmpty();
  }

  @Test
  void shouldNameEachFieldThatHoldsAReferenceThatCannotResolve() {
    refusedTurn(wiremock("model", "${HOME}"), "$.providers[0].config.model");
    refusedTurn(
        wiremock("headers", Map.of("X-Path", "${PATH}")),
        "$.providers[0].config.headers['X-Path']");
    refusedTurn(
        wiremock("completions_path", "/v1/${HOME}"), "$.providers[0].config.completions_path");
    Map<String, Object> baseUrl = wiremock("max_tokens", 10);
    baseUrl.put("base_url", "${OPENAI_BASE_URL}");
    refusedTurn(baseUrl, "$.providers[0].config.base_url");
    // an allowed credential outside a credential field is still refused: it would be recorded
    assertThat(
            refusedTurn(
                    wiremock("model", "${" + OutboundTest.VARIABLE + "}"),
                    "$.providers[0].config.model")
                .body())
        .contains("resolves only in api_key and header values")
        .doesNotContain(OutboundTest.VALUE);
    assertThat(PROVIDER.getAllServeEvents()).isEmpty();
  }

  @Test
  void shouldNeverResolveTheServiceSettingsEvenWhenListed() {
    for (String name :
        List.of(
            "CONFIG_ENCRYPTION_KEY",
            "CONFIG_ENCRYPTION_KEY_PREVIOUS",
            "SECRET_KEY",
            "ADMIN_API_KEY",
            "DATABASE_URL",
            "DB_PASSWORD",
            "secret_key",
            "HOME")) {
      Map<String, Object> config = wiremock("model", "gpt-test");
      config.put("api_key", "${" + name + "}");
      Http.Response response = refusedTurn(config, "$.providers[0].config.api_key");
      assertThat(response.json().get("detail").asText()).contains(name);
    }
    assertThat(PROVIDER.getAllServeEvents()).isEmpty();
  }

  @Test
  void shouldSendAnAllowedValueOnlyToTheProviderAndShowItNowhere(CapturedOutput output)
      throws Exception {
    PROVIDER.stubFor(
        post(urlEqualTo("/v1/chat/completions")).willReturn(json(ProviderWire.openAiReply("ok"))));
    Map<String, Object> config =
        wiremock("headers", Map.of("X-Key", "${" + OutboundTest.VARIABLE + "}"));
    config.put("api_key", "${" + OutboundTest.VARIABLE + "}");
    String sessionId = Turns.session(http, "provider-openai", config);

    Http.Response reply =
        http.post("/sessions/" + sessionId + "/messages", Map.of("message", "hi"));

    assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
    PROVIDER.verify(
        postRequestedFor(urlEqualTo("/v1/chat/completions"))
            .withHeader("Authorization", equalTo("Bearer " + OutboundTest.VALUE))
            .withHeader("X-Key", equalTo(OutboundTest.VALUE)));
    assertThat(reply.body()).doesNotContain(OutboundTest.VALUE);
    assertThat(http.get("/sessions/" + sessionId).body()).doesNotContain(OutboundTest.VALUE);
    assertThat(http.get("/sessions/" + sessionId + "/messages").body())
        .doesNotContain(OutboundTest.VALUE);
    assertThat(Turns.allEvents(jdbc)).doesNotContain(OutboundTest.VALUE);
    assertThat(output.getAll()).doesNotContain(OutboundTest.VALUE);
  }

  @Test
  void shouldKeepAnAllowedValueOutOfErrorsEvenWhenTheProviderEchoesIt(CapturedOutput output)
      throws Exception {
    PROVIDER.stubFor(
        post(urlEqualTo("/v1/chat/completions"))
            .willReturn(
                aResponse()
                    .withStatus(401)
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        "{\"error\":{\"message\":\"bad key "
                            + OutboundTest.VALUE
                            + "\",\"type\":\""
                            + OutboundTest.VALUE
                            + "\"}}")));
    Map<String, Object> config = wiremock("model", "gpt-test");
    config.put("api_key", "${" + OutboundTest.VARIABLE + "}");
    String sessionId = Turns.session(http, "provider-openai", config);

    Http.Response blocking =
        http.post("/sessions/" + sessionId + "/messages", Map.of("message", "hi"));
    http.post("/sessions/" + sessionId + "/resume", null);
    String streamed = Turns.stream(port, user, sessionId, "hi").toString();

    assertProblem(blocking, 502, "/problems/bad-gateway");
    assertThat(blocking.json().get("detail").asText()).startsWith("Provider call failed: HTTP 401");
    assertThat(blocking.body()).doesNotContain(OutboundTest.VALUE);
    assertThat(streamed)
        .contains("Provider call failed: HTTP 401")
        .doesNotContain(OutboundTest.VALUE);
    assertThat(Turns.sessionEvents(jdbc, sessionId)).contains("sessions.SessionTurnFailed ");
    assertThat(Turns.allEvents(jdbc)).doesNotContain(OutboundTest.VALUE);
    assertThat(output.getAll()).doesNotContain(OutboundTest.VALUE);
  }
}
