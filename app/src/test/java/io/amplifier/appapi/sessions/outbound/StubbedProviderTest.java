package io.amplifier.appapi.sessions.outbound;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.amplifier.appapi.Http;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * What every outbound test stands on: a provider stub on loopback (started for each test class,
 * reset for each test), the service's port and database, and a fresh user per test.
 */
abstract class StubbedProviderTest {

  @RegisterExtension
  static final WireMockExtension PROVIDER =
      WireMockExtension.newInstance()
          .options(options().dynamicPort().bindAddress("127.0.0.1"))
          .build();

  @LocalServerPort int port;
  @Autowired JdbcTemplate jdbc;
  Http http;
  String user;

  @BeforeEach
  void signIn() {
    user = getClass().getSimpleName() + "-" + UUID.randomUUID();
    http = new Http(port).with("X-User-ID", user);
  }
}
