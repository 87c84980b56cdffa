package io.amplifier.appapi;

import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * What an API test of one user stands on: the service's port and, for each test, a new user and an
 * {@link Http} client that speaks as that user ({@code X-User-ID}).
 */
public abstract class OneUserTest {

  @LocalServerPort protected int port;
  protected String user;
  protected Http http;

  @BeforeEach
  protected void signInAsANewUser() {
    user = getClass().getSimpleName() + "-" + UUID.randomUUID();
    http = new Http(port).with("X-User-ID", user);
  }
}
