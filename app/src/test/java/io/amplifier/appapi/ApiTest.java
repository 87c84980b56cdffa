package io.amplifier.appapi;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.TestPropertySource;

/**
 * A test of the whole service over real HTTP on a random port, against this JVM's real PostgreSQL.
 * Every class using it shares one application context and one database.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(TestDatabaseConfiguration.class)
@ContextConfiguration(initializers = TestDatabaseInitializer.class)
@TestPropertySource(
    properties = {
      "axon.eventhandling.processors.gap-probe.mode=tracking",
      "CONFIG_ENCRYPTION_KEY=" + ApiTest.MASTER_KEY,
      "amplifier.sessions.provider-timeout=PT3S",
      "TURN_LEASE_SECONDS=6",
      "axon.eventhandling.processors.gap-probe.batch-size=100"
    })
public @interface ApiTest {
  /** The master key every test context uses. */
  String MASTER_KEY = "test-master-key-for-config-secrets-0123456789";
}
