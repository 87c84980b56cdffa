package io.amplifier.appapi;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/** Points the service at this JVM's test database and adds the gap probe projection. */
@TestConfiguration(proxyBeanMethods = false)
class TestDatabaseConfiguration {

  @Bean
  GapProbe gapProbe() {
    return new GapProbe();
  }
}
