package io.amplifier.appapi.platform.web;

import static io.amplifier.appapi.platform.web.ResourceLimitsTest.assertInvalid;
import static io.amplifier.appapi.platform.web.ResourceLimitsTest.config;
import static org.assertj.core.api.Assertions.assertThat;

import io.amplifier.appapi.ApiTest;
import io.amplifier.appapi.Http;
import io.amplifier.appapi.OneUserTest;
import io.amplifier.appapi.RawHttp;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Issue 9, point 14: text PostgreSQL cannot store (NUL, unpaired surrogates) is a 422 naming the
 * field wherever it comes in: body values and keys at any depth, query parameters, headers.
 */
@ApiTest
class StorableTextTest extends OneUserTest {

  @Test
  void shouldRefuseANulInAConfigNameAndKeepServing() {
    Http.Response r =
        http.post(
            "/configs",
            "{\"name\":\"evil\\u0000name\",\"config_data\":{\"bundle\":{\"name\":\"x\"}}}");

    assertInvalid(r, "name");
    assertThat(http.post("/configs", config("good")).status()).isEqualTo(201);
  }

  @Test
  void shouldRefuseUnstorableTextAtAnyDepthInKeysAndValues() {
    assertInvalid(
        http.post(
            "/configs", "{\"name\":\"n\",\"config_data\":{\"bundle\":{\"name\":\"x\\ud800\"}}}"),
        "config_data.bundle.name");
    assertInvalid(
        http.post(
            "/configs",
            "{\"name\":\"n\",\"config_data\":{\"bundle\":{\"name\":\"x\"},"
                + "\"tools\":[{\"module\":\"t\",\"c\\u0000fg\":1}]}}"),
        "config_data.tools[0].c\uFFFDfg");
    assertInvalid(
        http.post(
            "/configs",
            "{\"name\":\"n\",\"config_data\":{\"bundle\":{\"name\":\"x\"}},"
                + "\"tags\":{\"k\":\"\\udc00\"}}"),
        "tags.k");
  }

  @Test
  void shouldRefuseANulInRecipesSessionsAndMessages() {
    assertInvalid(
        http.post("/api/recipes", "{\"recipe_data\":{\"name\":\"r\\u0000\",\"steps\":[]}}"),
        "recipe_data.name");
    String configId = http.post("/configs", config("chat")).json().get("config_id").asText();
    String session =
        http.post("/sessions", Map.of("config_id", configId)).json().get("session_id").asText();

    assertInvalid(
        http.post("/sessions/" + session + "/messages", "{\"message\":\"hi\\u0000there\"}"),
        "message");
    assertInvalid(
        http.post(
            "/sessions/" + session + "/participants",
            "{\"user_id\":\"bob\\u0000\",\"role\":\"viewer\"}"),
        "user_id");
  }

  @Test
  void shouldRefuseANulInAQueryParameter() {
    assertInvalid(http.get("/configs?tags=a%00:b"), "tags");
    assertInvalid(http.get("/api/recipes?tags=a:%00"), "tags");
  }

  @Test
  void shouldRefuseControlCharactersAndNonAsciiInHeadersWithA4xx() {
    RawHttp.Answer nonAscii =
        RawHttp.send(
            port,
            "POST /configs HTTP/1.1\r\nHost: 127.0.0.1\r\nX-User-ID: J\u00c3\u00b6rg\r\n"
                + "Content-Type: application/json\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}");

    assertThat(nonAscii.status()).as(nonAscii.toString()).isBetween(400, 499);
    assertThat(nonAscii.headers().get("content-type")).startsWith("application/problem+json");

    RawHttp.Answer control =
        RawHttp.send(
            port,
            "GET /configs HTTP/1.1\r\nHost: 127.0.0.1\r\nX-User-ID: bob\u0001\r\n"
                + "Connection: close\r\n\r\n");

    assertThat(control.status()).isEqualTo(400);
    assertThat(control.json().get("type").asText()).isEqualTo("/problems/bad-request");
  }
}
