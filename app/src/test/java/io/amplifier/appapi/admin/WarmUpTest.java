package io.amplifier.appapi.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.amplifier.appapi.ApiTest;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;

/**
 * The start-up warm-up runs before the port opens and leaves nothing behind: no event, no row in
 * any table it wrote to, and no used index of the event store's sequence.
 */
@ApiTest
@TestPropertySource(
    properties = {"amplifier.warmup.enabled=true", "amplifier.warmup.iterations=20"})
@DirtiesContext
class WarmUpTest {

  @Autowired MeterRegistry meters;
  @Autowired JdbcTemplate jdbc;

  @Test
  void shouldWarmUpAndLeaveNoEventNoRowAndNoGap() {
    assertThat(meters.get("amplifier.warmup.iterations").counter().count()).isEqualTo(20);

    for (String table :
        new String[] {"config_view", "session_view", "config_data_keys", "audit_log"}) {
      assertThat(
              jdbc.queryForObject(
                  "SELECT count(*) FROM "
                      + table
                      + " WHERE row_to_json("
                      + table
                      + ".*)::text LIKE '%#warm-up%'",
                  Long.class))
          .as(table)
          .isZero();
    }
    assertThat(
            jdbc.queryForObject(
                "SELECT count(*) FROM domainevententry"
                    + " WHERE convert_from(payload, 'UTF8') LIKE '%#warm-up%'"
                    + " OR convert_from(metadata, 'UTF8') LIKE '%warm-up%'",
                Long.class))
        .isZero();
    assertThat(
            jdbc.queryForObject(
                "SELECT CASE WHEN is_called THEN last_value ELSE 0 END"
                    + " - (SELECT coalesce(max(globalindex), 0) FROM domainevententry)"
                    + " FROM domainevententry_globalindex_seq",
                Long.class))
        .as("indexes taken by the rolled-back appends are handed out again")
        .isZero();
  }
}
