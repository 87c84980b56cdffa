package io.amplifier.appapi.platform.projections;

import static org.assertj.core.api.Assertions.assertThat;

import io.amplifier.appapi.ApiTest;
import io.amplifier.appapi.Http;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * An inline view is written in its command's transaction: when the view refuses the row, the
 * command fails with a 503 problem and nothing of it is saved, neither its event nor a view row.
 */
@ApiTest
class InlineViewFailureTest {

  @LocalServerPort int port;
  @Autowired JdbcTemplate jdbc;

  @Test
  void shouldFailTheCommandAndSaveNothingWhenItsInlineViewCannotBeWritten() {
    String refused = "refused-" + UUID.randomUUID();
    Http owner = new Http(port).with("X-User-ID", "inline-" + UUID.randomUUID());
    jdbc.execute(
        "ALTER TABLE config_view ADD CONSTRAINT inline_view_failure_test CHECK (name <> '"
            + refused
            + "')");
    try {
      long createdBefore = configEvents();

      Http.Response create =
          owner.post(
              "/configs",
              Map.of("name", refused, "config_data", Map.of("bundle", Map.of("name", "b"))));

      assertThat(create.status()).as(create.toString()).isEqualTo(503);
      assertThat(create.header("Content-Type")).startsWith("application/problem+json");
      assertThat(create.header("Retry-After")).isNotBlank();
      assertThat(create.json().get("detail").asText())
          .contains("config-view")
          .contains("not saved")
          .doesNotContain(refused);
      assertThat(configEvents()).as("no event appended").isEqualTo(createdBefore);
      assertThat(owner.get("/configs").json().get("total").asInt()).isZero();

      Http.Response kept =
          owner.post(
              "/configs",
              Map.of("name", "kept", "config_data", Map.of("bundle", Map.of("name", "b"))));
      assertThat(kept.status()).as(kept.toString()).isEqualTo(201);
      String id = kept.json().get("config_id").asText();

      Http.Response rename = owner.put("/configs/" + id, Map.of("name", refused));

      assertThat(rename.status()).as(rename.toString()).isEqualTo(503);
      assertThat(owner.get("/configs/" + id).json().get("name").asText()).isEqualTo("kept");
      assertThat(
              jdbc.queryForObject(
                  "SELECT count(*) FROM domainevententry WHERE aggregateidentifier = ?",
                  Long.class,
                  id))
          .as("the update appended nothing")
          .isEqualTo(1L);
      assertThat(owner.put("/configs/" + id, Map.of("name", "renamed")).status()).isEqualTo(200);
    } finally {
      jdbc.execute("ALTER TABLE config_view DROP CONSTRAINT inline_view_failure_test");
    }
  }

  private long configEvents() {
    Long count =
        jdbc.queryForObject(
            "SELECT count(*) FROM domainevententry WHERE payloadtype = 'configs.ConfigCreated'",
            Long.class);
    return count == null ? 0 : count;
  }
}
