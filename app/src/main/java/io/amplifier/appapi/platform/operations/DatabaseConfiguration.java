package io.amplifier.appapi.platform.operations;

import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * The one DataSource: {@code DATABASE_URL} when given, else an embedded PostgreSQL under {@code
 * ./data}. Event store, token store, read models and Flyway all share it, so a projection's token
 * and its rows commit in one transaction.
 */
@Configuration(proxyBeanMethods = false)
class DatabaseConfiguration {

  @Bean(destroyMethod = "close")
  EmbeddedPostgresServer embeddedPostgresServer(Environment env) {
    if (!env.getProperty("DATABASE_URL", "").isBlank()) {
      return EmbeddedPostgresServer.none();
    }
    Path dataDir = Path.of(env.getProperty("AMPLIFIER_DATA_DIR", "./data"), "postgres");
    int port = env.getProperty("EMBEDDED_DB_PORT", Integer.class, 0);
    return EmbeddedPostgresServer.start(dataDir, port);
  }

  @Bean(destroyMethod = "close")
  HikariDataSource dataSource(Environment env, EmbeddedPostgresServer embedded) {
    String configured = env.getProperty("DATABASE_URL", "");
    DatabaseUrl url =
        configured.isBlank()
            ? DatabaseUrl.parse(embedded.jdbcUrl().orElseThrow())
            : DatabaseUrl.parse(configured);
    HikariDataSource ds = new HikariDataSource();
    ds.setPoolName("amplifier");
    ds.setJdbcUrl(url.jdbcUrl());
    if (url.username() != null) {
      ds.setUsername(url.username());
    } else if (configured.isBlank()) {
      ds.setUsername("postgres");
    }
    if (url.password() != null) {
      ds.setPassword(url.password());
    } else if (configured.isBlank()) {
      embedded.password().ifPresent(ds::setPassword);
    }
    int min = env.getProperty("DATABASE_POOL_MIN_SIZE", Integer.class, 5);
    int max = env.getProperty("DATABASE_POOL_MAX_SIZE", Integer.class, 20);
    ds.setMinimumIdle(Math.max(0, min));
    ds.setMaximumPoolSize(Math.max(1, Math.max(min, max)));
    ds.setConnectionTimeout(env.getProperty("DATABASE_CONNECT_TIMEOUT_MS", Long.class, 5_000L));
    ds.setValidationTimeout(2_000);
    return ds;
  }
}
