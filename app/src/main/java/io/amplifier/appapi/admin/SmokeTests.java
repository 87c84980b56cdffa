package io.amplifier.appapi.admin;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * In-process smoke tests, shaped as the original's: they check the database, the schema, the event
 * store and each read model, and never start an external program.
 */
@Component
class SmokeTests {

  private final JdbcTemplate jdbc;
  private final EventStore eventStore;
  private final Projections projections;

  SmokeTests(JdbcTemplate jdbc, EventStore eventStore, Projections projections) {
    this.jdbc = jdbc;
    this.eventStore = eventStore;
    this.projections = projections;
  }

  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Check(String name, boolean passed, @Nullable String details, @Nullable String error) {}

  record Report(
      Instant timestamp, List<Check> tests, int passed, int failed, boolean success, int total) {}

  /**
   * Runs the checks; {@code full} adds the event payloads, {@code counts} the row counts and
   * positions.
   */
  Report run(boolean full, boolean counts) {
    List<Check> checks = new ArrayList<>();
    checks.add(
        check(
            "database",
            () -> "SELECT 1 answered " + jdbc.queryForObject("SELECT 1", Integer.class)));
    checks.add(
        check(
            "schema_migrations",
            () -> {
              Integer failed =
                  jdbc.queryForObject(
                      "SELECT count(*) FROM flyway_schema_history WHERE NOT success",
                      Integer.class);
              Integer applied =
                  jdbc.queryForObject("SELECT count(*) FROM flyway_schema_history", Integer.class);
              if (failed != null && failed > 0) {
                throw new IllegalStateException(failed + " migrations failed");
              }
              return applied + " migrations applied";
            }));
    checks.add(
        check(
            "event_store",
            () ->
                (counts ? "head position " + projections.head() + ", " : "")
                    + "storage "
                    + eventStore.getClass().getSimpleName()));
    for (String name : projections.names()) {
      checks.add(
          check(
              "read_model:" + name,
              () -> {
                Projections.Status status = projections.status(name).orElseThrow();
                if (!status.running()) {
                  throw new IllegalStateException("processor is not running");
                }
                if (!counts) {
                  return "processor running";
                }
                String table = tableOf(name);
                String exists =
                    jdbc.queryForObject("SELECT to_regclass(?)::text", String.class, table);
                String rows =
                    exists == null
                        ? "no table"
                        : jdbc.queryForObject("SELECT count(*) FROM " + table, Long.class)
                            + " rows";
                return rows + ", position " + status.position() + " of " + status.head();
              }));
    }
    if (full) {
      checks.add(
          check(
              "event_payloads_readable",
              () -> {
                Long unreadable =
                    jdbc.queryForObject(
                        "SELECT count(*) FROM (SELECT convert_from(payload, 'UTF8')::jsonb AS j"
                            + " FROM domainevententry ORDER BY globalindex DESC LIMIT 100) t",
                        Long.class);
                return "last " + unreadable + " event payloads parse as JSON";
              }));
    }
    int passed = (int) checks.stream().filter(Check::passed).count();
    int failed = checks.size() - passed;
    return new Report(Instant.now(), checks, passed, failed, failed == 0, checks.size());
  }

  private static String tableOf(String processor) {
    if (!processor.matches("[a-z0-9-]+")) {
      throw new IllegalArgumentException("unexpected processor name");
    }
    return processor.replace('-', '_');
  }

  private static Check check(String name, Supplier<String> body) {
    try {
      return new Check(name, true, body.get(), null);
    } catch (RuntimeException e) {
      return new Check(name, false, null, String.valueOf(e.getMessage()));
    }
  }
}
