package io.amplifier.appapi;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * {@code docs/openapi.json} is what the service serves at {@code /openapi.json} (keys sorted, the
 * test server's address left out): the test fails when they drift; {@code -Ddocs.write=true}
 * rewrites the file.
 */
@ApiTest
class OpenApiDocumentTest {

  private static final Path DOC = Path.of("..", "docs", "openapi.json");
  private static final ObjectMapper JSON =
      new ObjectMapper()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

  @LocalServerPort int port;

  @Test
  void shouldKeepDocsOpenapiJsonEqualToWhatTheServiceServes() throws Exception {
    JsonNode served = new Http(port).get("/openapi.json").json();
    ((ObjectNode) served).remove("servers");
    String current = JSON.writeValueAsString(JSON.treeToValue(served, Object.class)) + "\n";
    if (Boolean.getBoolean("docs.write") || !Files.exists(DOC)) {
      Files.writeString(DOC, current, StandardCharsets.UTF_8);
    }
    assertThat(Files.readString(DOC, StandardCharsets.UTF_8))
        .as("docs/openapi.json drifted from /openapi.json (rerun this test with -Ddocs.write=true)")
        .isEqualTo(current);
  }
}
