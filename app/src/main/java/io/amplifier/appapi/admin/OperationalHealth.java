package io.amplifier.appapi.admin;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * What an orchestrator and a metrics scraper need: a {@code database} and a {@code projections}
 * health contributor (both in the readiness group; liveness depends on neither), and each
 * projection's lag behind the head of the event store as gauges, in events ({@code
 * amplifier.projection.lag.events}) and in seconds since the oldest event it has not applied
 * ({@code amplifier.projection.lag.seconds}), and the events waiting in its dead-letter queue
 * ({@code amplifier.projection.dead.letters}), tagged with the processing group.
 */
@Configuration(proxyBeanMethods = false)
class OperationalHealth {

  /** Up while the database answers (within a second, however long the pool would wait). */
  @Bean
  HealthIndicator databaseHealthIndicator(DatabaseHealth database) {
    return () -> {
      DatabaseHealth.State state = database.current();
      return state.connected()
          ? Health.up().build()
          : Health.down().withDetail("reason", "the database does not answer").build();
    };
  }

  /**
   * Down while a projection is more than {@code PROJECTION_READY_MAX_LAG} events behind (default
   * 10,000: a node still catching up should not take traffic) or events a projection could not
   * apply wait in its dead-letter queue for an admin (a node that serves them would answer without
   * those aggregates' latest changes).
   */
  @Bean
  HealthIndicator projectionsHealthIndicator(
      Projections projections,
      DatabaseHealth database,
      @Value("${PROJECTION_READY_MAX_LAG:10000}") long maxLag) {
    return () -> {
      DatabaseHealth.State state = database.current();
      if (!state.connected()) {
        return Health.down().withDetail("reason", "the database does not answer").build();
      }
      Health.Builder health = Health.up();
      if (state.deadLetters() > 0) {
        health =
            Health.down()
                .withDetail("dead_letters", state.deadLetters())
                .withDetail(
                    "reason", "events wait in the dead-letter queue: GET /admin/dead-letters");
      }
      for (Projections.Status status : projections.statuses()) {
        Long lag = status.lag();
        health.withDetail(status.name(), lag == null ? "not started" : lag + " events behind");
        if (lag != null && lag > maxLag && !status.rebuildRunning()) {
          health.down();
        }
      }
      return health.build();
    };
  }

  @Bean
  MeterBinder projectionLagMetrics(Projections projections, JdbcTemplate jdbc) {
    return registry -> register(registry, projections, jdbc);
  }

  private static void register(MeterRegistry registry, Projections projections, JdbcTemplate jdbc) {
    Map<String, Boolean> known = new ConcurrentHashMap<>();
    for (Projections.Status status : projections.statuses()) {
      String name = status.name();
      if (known.putIfAbsent(name, true) != null) {
        continue;
      }
      Gauge.builder("amplifier.projection.lag.events", projections, p -> lagEvents(p, name))
          .description("Events in the store this projection has not applied yet")
          .tag("processor", name)
          .baseUnit("events")
          .register(registry);
      Gauge.builder("amplifier.projection.lag.seconds", projections, p -> lagSeconds(p, jdbc, name))
          .description("Age of the oldest event this projection has not applied yet")
          .tag("processor", name)
          .baseUnit("seconds")
          .register(registry);
      Gauge.builder(
              "amplifier.projection.dead.letters",
              projections,
              p -> p.status(name).map(s -> (double) s.deadLetters()).orElse(0.0))
          .description("Events waiting in this projection's dead-letter queue")
          .tag("processor", name)
          .baseUnit("events")
          .register(registry);
    }
  }

  private static double lagEvents(Projections projections, String name) {
    return projections
        .status(name)
        .map(s -> s.lag() == null ? (double) s.head() : (double) s.lag())
        .orElse(0.0);
  }

  private static double lagSeconds(Projections projections, JdbcTemplate jdbc, String name) {
    Projections.Status status = projections.status(name).orElse(null);
    if (status == null || status.lag() == null || status.lag() == 0) {
      return 0;
    }
    List<String> oldest =
        jdbc.queryForList(
            "SELECT timestamp FROM domainevententry WHERE globalindex > ? ORDER BY globalindex LIMIT 1",
            String.class,
            status.position());
    if (oldest.isEmpty()) {
      return 0;
    }
    return Math.max(
        0, Duration.between(Instant.parse(oldest.get(0)), Instant.now()).toMillis() / 1000.0);
  }
}
