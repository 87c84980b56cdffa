package io.amplifier.appapi.configs;

import static io.amplifier.appapi.configs.ConfigApiTest.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.amplifier.appapi.ApiTest;
import io.amplifier.appapi.Http;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/** Each bundle rule on its own: 400 {@code Config validation error: <path>: …}, nothing written. */
@ApiTest
class ConfigValidationTest {

  static final ObjectMapper JSON = new ObjectMapper();

  @LocalServerPort int port;
  Http http;

  @BeforeEach
  void setUp() {
    http = new Http(port).with("X-User-ID", "validator");
  }

  void assertInvalid(String configData, String expectedPath) {
    String body = "{\"name\":\"v\",\"config_data\":" + configData + "}";
    Http.Response r = http.post("/configs", body);
    assertProblem(r, 400, "/problems/config-validation");
    assertThat(r.json().get("detail").asText())
        .startsWith("Config validation error: " + expectedPath + ":");
  }

  void assertValid(String configData) {
    Http.Response r = http.post("/configs", "{\"name\":\"v\",\"config_data\":" + configData + "}");
    assertThat(r.status()).as(r.toString()).isEqualTo(201);
  }

  @Test
  void bundleIsRequired() {
    assertInvalid("{}", "$.bundle");
  }

  @Test
  void bundleMustBeAnObject() {
    assertInvalid("{\"bundle\":\"x\"}", "$.bundle");
  }

  @Test
  void bundleNeedsANonEmptyName() {
    assertInvalid("{\"bundle\":{}}", "$.bundle.name");
    assertInvalid("{\"bundle\":{\"name\":\"  \"}}", "$.bundle.name");
    assertInvalid("{\"bundle\":{\"name\":3}}", "$.bundle.name");
  }

  @Test
  void includesMustBeAListOfObjectsWithBundle() {
    assertInvalid("{\"bundle\":{\"name\":\"b\"},\"includes\":{}}", "$.includes");
    assertInvalid("{\"bundle\":{\"name\":\"b\"},\"includes\":[\"x\"]}", "$.includes[0]");
    assertInvalid(
        "{\"bundle\":{\"name\":\"b\"},\"includes\":[{\"bundle\":\"a\"},{}]}",
        "$.includes[1].bundle");
  }

  @Test
  void providersToolsAndHooksNeedAModule() {
    for (String section : new String[] {"providers", "tools", "hooks"}) {
      assertInvalid("{\"bundle\":{\"name\":\"b\"},\"" + section + "\":\"x\"}", "$." + section);
      assertInvalid(
          "{\"bundle\":{\"name\":\"b\"},\"" + section + "\":[{\"module\":\"m\"},{\"config\":{}}]}",
          "$." + section + "[1].module");
    }
  }

  @Test
  void spawnTakesToolsOrExcludeToolsNotBoth() {
    assertInvalid("{\"bundle\":{\"name\":\"b\"},\"spawn\":[]}", "$.spawn");
    assertInvalid(
        "{\"bundle\":{\"name\":\"b\"},\"spawn\":{\"tools\":[],\"exclude_tools\":[]}}", "$.spawn");
    assertInvalid("{\"bundle\":{\"name\":\"b\"},\"spawn\":{\"tools\":\"all\"}}", "$.spawn.tools");
    assertValid("{\"bundle\":{\"name\":\"b\"},\"spawn\":{\"exclude_tools\":[\"bash\"]}}");
  }

  @Test
  void unknownSectionsAndReferencesAreAccepted() {
    assertValid(
        "{\"bundle\":{\"name\":\"b\"},\"whatever\":{\"x\":1},"
            + "\"providers\":[{\"module\":\"provider-openai\",\"config\":{\"api_key\":\"${OPENAI_API_KEY}\"}}]}");
  }

  @Test
  void requestShapeErrorsStay422() {
    assertProblem(
        http.post("/configs", Map.of("config_data", Map.of("bundle", Map.of("name", "b")))),
        422,
        "/problems/validation-error");
    assertProblem(
        http.post("/configs", Map.of("name", "x", "config_data", "[]")),
        422,
        "/problems/validation-error");
  }

  @Test
  void updatesAreValidatedToo() {
    String id =
        http.post(
                "/configs",
                Map.of("name", "u", "config_data", Map.of("bundle", Map.of("name", "b"))))
            .json()
            .get("config_id")
            .asText();

    Http.Response r = http.put("/configs/" + id, Map.of("providers", java.util.List.of(Map.of())));

    assertProblem(r, 400, "/problems/config-validation");
    assertThat(r.json().get("detail").asText()).contains("$.providers[0].module");
    assertThat(http.get("/configs/" + id).header("ETag")).isEqualTo("\"1\"");
  }
}
