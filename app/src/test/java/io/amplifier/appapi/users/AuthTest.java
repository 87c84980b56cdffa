package io.amplifier.appapi.users;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.TestPropertySource;

/** The service with authentication required (api_key_jwt, HS256), on this JVM's test database. */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ContextConfiguration(initializers = io.amplifier.appapi.TestDatabaseInitializer.class)
@TestPropertySource(
    properties = {
      "AUTH_REQUIRED=true",
      // contexts of one test JVM share its database; this one refuses the loopback tool servers
      // of the dev-mode contexts' parked turns, so it leaves their sweeping to them
      "TURN_PARKED_SWEEP_MILLIS=0",
      "AUTH_MODE=api_key_jwt",
      "CONFIG_ENCRYPTION_KEY=" + io.amplifier.appapi.ApiTest.MASTER_KEY,
      "SECRET_KEY=" + AuthTest.SECRET,
      "ADMIN_API_KEY=" + AuthTest.ADMIN_KEY,
      "JWT_ISSUER=" + AuthTest.ISSUER,
      "JWT_AUDIENCE=" + AuthTest.AUDIENCE,
      "USER_SHARED_APPS=linked-web|linked-cli",
      "APPLICATION_JWKS_ALLOW_LOOPBACK=true"
    })
public @interface AuthTest {
  String SECRET = "test-secret-key-that-is-at-least-32-bytes-long";
  String ADMIN_KEY = "admin-bootstrap-key-for-tests-0123456789";
  String ISSUER = "https://issuer.test";
  String AUDIENCE = "amplifier-app-api";
}
