package io.amplifier.appapi.admin;

import java.time.Duration;
import java.time.Instant;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/** What the service says about itself: name, version, how long it has been up. */
@Component
class ServiceInfo {

  static final String NAME = "amplifier-app-api";
  static final String DESCRIPTION =
      "REST API for Amplifier agent sessions, configs, recipes and applications"
          + " (event-sourced JVM implementation)";

  private final String version;
  private final Instant startedAt = Instant.now();

  ServiceInfo(@Value("${amplifier.version:0.0.0}") String version) {
    this.version = version;
  }

  String version() {
    return version;
  }

  double uptimeSeconds() {
    return Duration.between(startedAt, Instant.now()).toMillis() / 1000.0;
  }
}
