package io.amplifier.appapi.users;

import io.amplifier.appapi.Http;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * What a test of the service with authentication required ({@link AuthTest}) stands on: its port, a
 * client with no credentials and one with the bootstrap admin key.
 */
public abstract class AuthRequiredTest {

  @LocalServerPort protected int port;
  protected Http anonymous;
  protected Http admin;

  @BeforeEach
  protected void signInAsAdmin() {
    anonymous = new Http(port);
    admin = anonymous.with("X-API-Key", AuthTest.ADMIN_KEY);
  }
}
