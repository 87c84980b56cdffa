package io.amplifier.appapi.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.amplifier.appapi.ApiTest;
import io.amplifier.appapi.Http;
import io.amplifier.appapi.configs.Recipes;
import io.amplifier.appapi.sessions.Turns;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * A seeded, reproducible fuzzer generated from the service's own {@code /openapi.json}: every route
 * and method gets malformed, oversized, deeply nested, wrongly typed and hostile path parameters,
 * query parameters, headers and bodies. No answer may be a 5xx or take 5 s or more, and the service
 * must be healthy afterwards. The seed is printed; {@code -Dfuzz.seed=N} replays a run and {@code
 * -Dfuzz.rounds=N} sets how many requests each operation gets.
 */
@ApiTest
class OpenApiFuzzTest {

  static final ObjectMapper JSON = new ObjectMapper();
  static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  /** Strings an attacker sends: references to the service's secrets, addresses it must not call. */
  static final List<String> HOSTILE =
      List.of(
          "${CONFIG_ENCRYPTION_KEY}",
          "${SECRET_KEY}",
          "${DATABASE_URL}",
          "${HOME}",
          "$(id)",
          "`id`",
          "http://169.254.169.254/latest/meta-data/",
          "http://127.0.0.1:5432/",
          "file:///etc/passwd",
          "../../../../etc/passwd",
          "' OR 1=1 --",
          "\"; DROP TABLE domainevententry; --",
          "<script>alert(1)</script>",
          "evil\u0000name",
          "\uD800",
          "\uDFFF lone",
          "\u202Eright-to-left",
          "café",
          "💥",
          "\r\nX-Injected: 1",
          "%00",
          "%2e%2e%2f",
          "{{7*7}}",
          "${jndi:ldap://127.0.0.1/a}",
          "",
          " ",
          "null",
          "true",
          "-1",
          "1e309",
          "99999999999999999999999999",
          "NaN",
          "00000000-0000-0000-0000-000000000000",
          "enc:jv1:x:y",
          "enc:gAAAA");

  @LocalServerPort int port;
  final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @Test
  void shouldAnswerEveryHostileRequestWithoutA5xxAndStayHealthy() throws Exception {
    long seed = Long.getLong("fuzz.seed", 20261202L);
    int rounds = Integer.getInteger("fuzz.rounds", 70);
    Random random = new Random(seed);
    Http http = new Http(port).with("X-User-ID", "fuzzer");
    JsonNode spec = http.get("/openapi.json").json();
    Map<String, String> ids = realIds(http);

    List<String> failures = new ArrayList<>();
    Map<Integer, Integer> statuses = new TreeMap<>();
    int sent = 0;
    long slowest = 0;
    for (Iterator<Map.Entry<String, JsonNode>> paths = spec.path("paths").fields();
        paths.hasNext(); ) {
      Map.Entry<String, JsonNode> path = paths.next();
      for (Iterator<Map.Entry<String, JsonNode>> ops = path.getValue().fields(); ops.hasNext(); ) {
        Map.Entry<String, JsonNode> op = ops.next();
        String method = op.getKey().toUpperCase(java.util.Locale.ROOT);
        for (int round = 0; round < rounds; round++) {
          HttpRequest request =
              request(random, spec, path.getKey(), method, op.getValue(), ids, round);
          long started = System.nanoTime();
          HttpResponse<String> response;
          try {
            response = client.send(request, HttpResponse.BodyHandlers.ofString());
          } catch (java.io.IOException e) {
            failures.add(method + " " + request.uri() + ": no answer (" + e + ")");
            continue;
          }
          long millis = (System.nanoTime() - started) / 1_000_000;
          slowest = Math.max(slowest, millis);
          sent++;
          statuses.merge(response.statusCode(), 1, Integer::sum);
          if (response.statusCode() >= 500 || millis >= 5_000) {
            failures.add(
                method
                    + " "
                    + request.uri()
                    + " -> "
                    + response.statusCode()
                    + " in "
                    + millis
                    + " ms: "
                    + abbreviate(response.body()));
          }
          if (response.statusCode() >= 400
              && !response
                  .headers()
                  .firstValue("Content-Type")
                  .orElse("")
                  .startsWith("application/problem+json")) {
            failures.add(
                method
                    + " "
                    + request.uri()
                    + " -> "
                    + response.statusCode()
                    + " without problem+json: "
                    + abbreviate(response.body()));
          }
        }
      }
    }
    System.out.printf(
        "fuzz: seed %d, %d requests, statuses %s, slowest %d ms%n", seed, sent, statuses, slowest);

    assertThat(failures).as("seed " + seed).isEmpty();
    assertThat(sent).isGreaterThanOrEqualTo(1_000);
    JsonNode health = http.get("/health").json();
    assertThat(health.get("status").asText()).isEqualTo("healthy");
    assertThat(
            http.post(
                    "/configs",
                    Map.of(
                        "name", "after-fuzz", "config_data", Map.of("bundle", Map.of("name", "b"))))
                .status())
        .isEqualTo(201);
  }

  /** Ids of real resources, so that some requests reach past the "not found" answers. */
  Map<String, String> realIds(Http http) {
    Map<String, Object> data =
        Map.of(
            "bundle", Map.of("name", "f"), "providers", List.of(Map.of("module", "provider-echo")));
    String config = Turns.configId(http, "fuzz", data);
    String session =
        http.post("/sessions", Map.of("config_id", config)).json().get("session_id").asText();
    Map<String, Object> recipe = Recipes.oneStep("fuzz-recipe");
    String recipeId =
        http.post("/api/recipes/", Map.of("recipe_data", recipe))
            .json()
            .path("recipe_id")
            .asText("x");
    Map<String, String> ids = new LinkedHashMap<>();
    ids.put("configId", config);
    ids.put("sessionId", session);
    ids.put("recipeId", recipeId);
    ids.put("appId", "dev-app");
    ids.put("name", "config-view");
    ids.put("userId", "fuzzer-friend");
    return ids;
  }

  HttpRequest request(
      Random random,
      JsonNode spec,
      String template,
      String method,
      JsonNode op,
      Map<String, String> ids,
      int round)
      throws Exception {
    StringBuilder query = new StringBuilder();
    String path = template;
    for (JsonNode parameter : op.path("parameters")) {
      String name = parameter.path("name").asText();
      String in = parameter.path("in").asText();
      if ("path".equals(in)) {
        String value =
            random.nextInt(3) == 0 && ids.containsKey(name) ? ids.get(name) : scalarText(random);
        path = path.replace("{" + name + "}", encodePath(value));
      } else if ("query".equals(in) && random.nextInt(4) != 0) {
        query
            .append(query.length() == 0 ? '?' : '&')
            .append(URLEncoder.encode(name, StandardCharsets.UTF_8))
            .append('=')
            .append(URLEncoder.encode(scalarText(random), StandardCharsets.UTF_8));
      }
    }
    path = path.replaceAll("\\{[^}]+}", encodePath(scalarText(random)));
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path + query))
            .timeout(Duration.ofSeconds(10))
            .header("X-User-ID", random.nextInt(10) == 0 ? "fuzz-" + random.nextInt(5) : "fuzzer");
    if (random.nextInt(8) == 0) {
      builder.header("X-Request-ID", safeHeader(pick(random, HOSTILE)));
    }
    if (random.nextInt(12) == 0) {
      builder.header("If-Match", safeHeader(pick(random, HOSTILE)));
    }
    JsonNode schema =
        op.path("requestBody").path("content").path("application/json").path("schema");
    boolean hasBody = "POST".equals(method) || "PUT".equals(method) || "PATCH".equals(method);
    if (hasBody) {
      builder.header("Content-Type", "application/json");
      builder.method(
          method, HttpRequest.BodyPublishers.ofString(body(random, spec, schema, round)));
    } else {
      builder.method(method, HttpRequest.BodyPublishers.noBody());
    }
    return builder.build();
  }

  String body(Random random, JsonNode spec, JsonNode schema, int round) throws Exception {
    switch (round % 9) {
      case 0:
        return "{\"unterminated\": ";
      case 1:
        return "[".repeat(2_000) + "]".repeat(2_000);
      case 2:
        return "{\"name\":\"a\",\"name\":\"b\",\"message\":\"m\",\"message\":\"n\",\"user_id\":\"u\",\"user_id\":\"v\"}";
      case 3:
        // over MAX_REQUEST_BYTES (1 MiB), under what Tomcat swallows after answering (2 MB)
        return JSON.writeValueAsString(
            NODES.textNode("x".repeat(1_100_000 + random.nextInt(800_000))));
      default:
        return JSON.writeValueAsString(value(random, spec, schema, 0));
    }
  }

  /**
   * A value shaped like {@code schema}, with every leaf at risk of being wrong, huge or hostile.
   */
  JsonNode value(Random random, JsonNode spec, JsonNode schema, int depth) {
    if (schema.has("$ref")) {
      String name = schema.get("$ref").asText().replace("#/components/schemas/", "");
      schema = spec.path("components").path("schemas").path(name);
    }
    if (depth > 6 || random.nextInt(10) == 0) {
      return hostileValue(random, depth);
    }
    String type = schema.path("type").asText("object");
    switch (type) {
      case "object":
        {
          ObjectNode object = NODES.objectNode();
          for (Iterator<Map.Entry<String, JsonNode>> p = schema.path("properties").fields();
              p.hasNext(); ) {
            Map.Entry<String, JsonNode> property = p.next();
            if (random.nextInt(5) != 0) {
              object.set(property.getKey(), value(random, spec, property.getValue(), depth + 1));
            }
          }
          if (random.nextInt(3) == 0) {
            object.set(pick(random, HOSTILE), hostileValue(random, depth + 1));
          }
          return object;
        }
      case "array":
        {
          ArrayNode array = NODES.arrayNode();
          int n = random.nextInt(4);
          for (int i = 0; i < n; i++) {
            array.add(value(random, spec, schema.path("items"), depth + 1));
          }
          return array;
        }
      case "integer":
      case "number":
        return random.nextBoolean()
            ? NODES.numberNode(random.nextLong())
            : NODES.numberNode(random.nextInt(5) - 1);
      case "boolean":
        return NODES.booleanNode(random.nextBoolean());
      default:
        return NODES.textNode(
            random.nextInt(3) == 0 ? pick(random, HOSTILE) : "fuzz-" + random.nextInt(1000));
    }
  }

  JsonNode hostileValue(Random random, int depth) {
    switch (random.nextInt(8)) {
      case 0:
        return NODES.textNode(pick(random, HOSTILE));
      case 1:
        return NODES.textNode("y".repeat(1 + random.nextInt(300_000)));
      case 2:
        {
          ObjectNode nested = NODES.objectNode();
          ObjectNode cursor = nested;
          for (int i = 0; i < 200; i++) {
            cursor = cursor.putObject("n");
          }
          return nested;
        }
      case 3:
        return NODES.numberNode(new java.math.BigDecimal("1e400"));
      case 4:
        return NODES.nullNode();
      case 5:
        {
          ObjectNode wide = NODES.objectNode();
          for (int i = 0; i < 2_000; i++) {
            wide.put("k" + i, "v" + i);
          }
          return wide;
        }
      case 6:
        return NODES.arrayNode().add(pick(random, HOSTILE)).add(random.nextLong());
      default:
        return NODES.booleanNode(true);
    }
  }

  String scalarText(Random random) {
    return switch (random.nextInt(5)) {
      case 0 -> pick(random, HOSTILE);
      case 1 -> "z".repeat(1 + random.nextInt(5_000));
      case 2 -> Long.toString(random.nextLong());
      case 3 -> java.util.UUID.randomUUID().toString();
      default -> "fuzz" + random.nextInt(100);
    };
  }

  static String encodePath(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }

  /**
   * Header values the HTTP client accepts (it refuses CR/LF itself); the rest of the text stays.
   */
  static String safeHeader(String value) {
    String cleaned = value.replaceAll("[\\r\\n\\u0000]", "");
    StringBuilder ascii = new StringBuilder();
    for (char c : cleaned.toCharArray()) {
      ascii.append(c >= 0x20 && c < 0x7f ? c : '?');
    }
    return ascii.length() == 0 ? "x" : ascii.toString();
  }

  static <T> T pick(Random random, List<T> values) {
    return values.get(random.nextInt(values.size()));
  }

  static String abbreviate(String body) {
    return body == null ? "" : body.length() > 300 ? body.substring(0, 300) + "…" : body;
  }
}
