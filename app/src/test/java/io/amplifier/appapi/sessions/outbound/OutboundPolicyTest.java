package io.amplifier.appapi.sessions.outbound;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.amplifier.appapi.configs.ConfigApiTest.assertProblem;
import static io.amplifier.appapi.sessions.ProviderWire.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.amplifier.appapi.Http;
import io.amplifier.appapi.TestDatabase;
import io.amplifier.appapi.sessions.ProviderWire;
import io.amplifier.appapi.sessions.Turns;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Where provider calls may go. What the URL alone shows is refused when the config is written; a
 * name resolving to a refused address is refused at connect, before any connection is opened:
 * {@link FakeDns} answers, and every answer lists the loopback stub first, so a missing check would
 * show as a request at the stub, never as a packet elsewhere.
 */
@OutboundTest
class OutboundPolicyTest extends StubbedProviderTest {

  @BeforeEach
  void setUp() {
    PROVIDER.stubFor(
        post(urlEqualTo("/v1/chat/completions"))
            .willReturn(json(ProviderWire.openAiReply("reached"))));
    FakeDns.LOOKUPS.clear();
  }

  static Map<String, Object> provider(String baseUrl) {
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("api_key", "sk-test");
    config.put("model", "gpt-test");
    config.put("base_url", baseUrl);
    return config;
  }

  @Test
  void shouldRefuseAtWriteWhatTheUrlAloneShows() {
    URI database = URI.create(TestDatabase.jdbcUrl().substring("jdbc:".length()));
    List<String> refused =
        List.of(
            "file:///etc/passwd",
            "ftp://models.example.com/",
            "gopher://127.0.0.1:6379/",
            "http://user:password@api.example.com/",
            "http://169.254.169.254/latest/meta-data/",
            "http://[fe80::1]/",
            "http://10.0.0.5:8080/",
            "http://172.16.1.1/",
            "http://192.168.1.10/",
            "http://100.64.0.1/",
            "http://[fd00::1]/",
            "http://0.0.0.0:8080/",
            "http://[::]:8080/",
            "http://224.0.0.1/",
            "http://[::ffff:10.0.0.5]/",
            "http://2130706433/",
            "http://0x7f.1/",
            "http://127.0.0.1:" + port + "/",
            "http://localhost:" + port + "/",
            "http://127.0.0.1:" + database.getPort() + "/");
    for (String url : refused) {
      Http.Response response = Turns.createConfig(http, "provider-openai", provider(url));
      assertProblem(response, 400, "/problems/config-validation");
      assertThat(response.json().get("detail").asText())
          .as(url)
          .startsWith("Config validation error: $.providers[0].config.base_url: ");
    }
    Http.Response anthropic =
        Turns.createConfig(http, "provider-anthropic", provider("http://169.254.169.254/"));
    assertProblem(anthropic, 400, "/problems/config-validation");

    String configId =
        Turns.createConfig(http, "provider-openai", provider(PROVIDER.baseUrl()))
            .json()
            .get("config_id")
            .asText();
    Http.Response update =
        http.put(
            "/configs/" + configId,
            Map.of(
                "config_data",
                Turns.document("provider-openai", provider("http://169.254.169.254/"))));
    assertProblem(update, 400, "/problems/config-validation");
    assertThat(update.json().get("detail").asText()).contains("$.providers[0].config.base_url");
    assertThat(FakeDns.LOOKUPS).as("no lookup at write").isEmpty();
  }

  @Test
  void shouldRefuseAReservedRangeAtWrite() {
    // every range and its neighbours: sessions-module's OutboundPolicyTest
    Http.Response response =
        Turns.createConfig(http, "provider-openai", provider("http://198.18.0.1/"));
    assertProblem(response, 400, "/problems/config-validation");
    assertThat(response.json().get("detail").asText()).contains("reserved address");
    assertThat(FakeDns.LOOKUPS).as("no lookup at write").isEmpty();
  }

  @Test
  void shouldAcceptPublicNamesAndDevModeLoopbackAtWrite() {
    for (String url :
        List.of(
            "https://api.openai.com",
            "http://localhost:11434",
            "http://127.0.0.1:8000/v1",
            "https://models.example.com:8443/openai")) {
      Http.Response response = Turns.createConfig(http, "provider-openai", provider(url));
      assertThat(response.status()).as(url + " " + response).isEqualTo(201);
    }
  }

  @Test
  void shouldRefuseANameResolvingToAPrivateAddressBeforeConnecting() throws Exception {
    FakeDns.answer("evil.test", "127.0.0.1", "10.0.0.5");
    FakeDns.answer("metadata.test", "127.0.0.1", "169.254.169.254");
    for (String host : List.of("evil.test", "metadata.test")) {
      String sessionId =
          Turns.session(
              http, "provider-openai", provider("http://" + host + ":" + PROVIDER.getPort()));

      Http.Response blocking =
          http.post("/sessions/" + sessionId + "/messages", Map.of("message", "hi"));
      List<JsonNode> streamed = Turns.stream(port, user, sessionId, "hi");

      assertProblem(blocking, 502, "/problems/outbound-refused");
      assertThat(blocking.json().get("detail").asText())
          .contains("Provider address refused by the outbound policy")
          .doesNotContain("10.0.0.5")
          .doesNotContain("169.254");
      JsonNode last = streamed.get(streamed.size() - 1);
      assertThat(last.get("type").asText()).isEqualTo("error");
      assertThat(last.get("problem").asText()).isEqualTo("/problems/outbound-refused");
      assertThat(Turns.sessionEvents(jdbc, sessionId)).contains("sessions.SessionTurnFailed ");
      assertThat(http.get("/sessions/" + sessionId).json().get("status").asText())
          .isEqualTo("active");
    }
    assertThat(FakeDns.LOOKUPS).contains("evil.test", "metadata.test");
    assertThat(PROVIDER.getAllServeEvents()).as("no connection was opened").isEmpty();
  }

  @Test
  void shouldRefuseANameResolvingToThisServiceItself() {
    FakeDns.answer("self.test", "127.0.0.1");
    String sessionId = Turns.session(http, "provider-openai", provider("http://self.test:" + port));

    Http.Response blocking =
        http.post("/sessions/" + sessionId + "/messages", Map.of("message", "hi"));

    assertProblem(blocking, 502, "/problems/outbound-refused");
    assertThat(blocking.json().get("detail").asText()).contains("this service itself");
  }

  @Test
  void shouldReachALoopbackNameInDevModeThroughTheResolver() {
    FakeDns.answer("models.test", "127.0.0.1");
    String sessionId =
        Turns.session(
            http, "provider-openai", provider("http://models.test:" + PROVIDER.getPort()));

    Http.Response reply =
        http.post("/sessions/" + sessionId + "/messages", Map.of("message", "hi"));

    assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
    assertThat(reply.json().get("response").asText()).isEqualTo("reached");
    assertThat(FakeDns.LOOKUPS).contains("models.test");
  }

  @Test
  void shouldNotFollowRedirects() {
    PROVIDER.stubFor(
        post(urlEqualTo("/v1/chat/completions"))
            .willReturn(
                aResponse()
                    .withStatus(307)
                    .withHeader("Location", PROVIDER.baseUrl() + "/elsewhere")));
    PROVIDER.stubFor(
        post(urlEqualTo("/elsewhere")).willReturn(json(ProviderWire.openAiReply("followed"))));
    String sessionId = Turns.session(http, "provider-openai", provider(PROVIDER.baseUrl()));

    Http.Response reply =
        http.post("/sessions/" + sessionId + "/messages", Map.of("message", "hi"));

    assertThat(reply.status()).as(reply.toString()).isEqualTo(502);
    assertThat(reply.body()).doesNotContain("followed");
    assertThat(PROVIDER.getAllServeEvents())
        .noneMatch(e -> e.getRequest().getUrl().equals("/elsewhere"));
  }
}
