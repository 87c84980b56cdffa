package io.amplifier.appapi.testing;

import io.amplifier.appapi.TestDatabase;
import java.util.HashMap;
import java.util.Map;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

/**
 * A module's own tables in this JVM's real PostgreSQL database ({@link TestDatabase}): the module's
 * Flyway migrations applied once, so a module can test its projections without the application.
 */
public final class ModuleDatabase {

  private static final Map<String, JdbcTemplate> MIGRATED = new HashMap<>();

  private ModuleDatabase() {}

  /** A template on the test database with {@code classpath:db/migration/<module>} applied. */
  public static synchronized JdbcTemplate migrated(String module) {
    return MIGRATED.computeIfAbsent(
        module,
        m -> {
          DataSource dataSource = dataSource();
          Flyway.configure()
              .dataSource(dataSource)
              .locations("classpath:db/migration/" + m)
              .table("flyway_history_" + m)
              .baselineOnMigrate(true)
              .baselineVersion("0")
              .load()
              .migrate();
          return new JdbcTemplate(dataSource);
        });
  }

  private static DataSource dataSource() {
    try {
      return new SimpleDriverDataSource(new org.postgresql.Driver(), TestDatabase.jdbcUrl());
    } catch (RuntimeException e) {
      throw new IllegalStateException("No PostgreSQL driver for the module's tests", e);
    }
  }
}
