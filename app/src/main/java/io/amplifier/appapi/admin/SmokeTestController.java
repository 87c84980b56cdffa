package io.amplifier.appapi.admin;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.amplifier.appapi.users.api.Caller;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * In-process smoke tests, shaped as the original's: they check the database, the schema, the event
 * store and each read model, and never start an external program. The full run (row counts and
 * positions of every read model, which are everyone's) is for admins; the quick one tells anyone
 * only whether each check passed.
 */
@RestController
class SmokeTestController {

  private final JdbcTemplate jdbc;
  private final EventStore eventStore;
  private final Projections projections;

  SmokeTestController(JdbcTemplate jdbc, EventStore eventStore, Projections projections) {
    this.jdbc = jdbc;
    this.eventStore = eventStore;
    this.projections = projections;
  }

  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Check(String name, boolean passed, @Nullable String details, @Nullable String error) {}

  record Report(
      Instant timestamp, List<Check> tests, int passed, int failed, boolean success, int total) {}

  @Operation(summary = "Run the quick in-process smoke tests (database, event store)")
  @GetMapping("/smoke-tests/quick")
  Report quick(Caller caller) {
    return run(false, caller.admin());
  }

  @Operation(summary = "Run every in-process smoke test (also each read model; admin)")
  @ApiResponse(responseCode = "200", description = "OK")
  @ApiResponse(responseCode = "403", description = "Caller is not an admin")
  @GetMapping("/smoke-tests")
  Report full(Caller caller) {
    if (!caller.admin()) {
      throw new ForbiddenException("Admin rights required");
    }
    return run(true, true);
  }

  private Report run(boolean full, boolean counts) {
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
