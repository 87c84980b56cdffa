package io.amplifier.appapi;

import java.util.Map;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.MapPropertySource;

/** Points the service at this JVM's test database and adds the gap probe projection. */
@TestConfiguration(proxyBeanMethods = false)
class TestDatabaseConfiguration {

  @Bean
  GapProbe gapProbe() {
    return new GapProbe();
  }

  /** Runs before any bean exists, so the DataSource sees the test database. */
  static class Initializer implements ApplicationContextInitializer<ConfigurableApplicationContext> {
    @Override
    public void initialize(ConfigurableApplicationContext context) {
      context
          .getEnvironment()
          .getPropertySources()
          .addFirst(
              new MapPropertySource(
                  "amplifier-test-database", Map.of("DATABASE_URL", TestDatabase.jdbcUrl())));
    }
  }
}
