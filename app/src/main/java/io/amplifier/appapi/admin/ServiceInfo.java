package io.amplifier.appapi.admin;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.info.GitProperties;
import org.springframework.stereotype.Component;

/** What the service says about itself: name, version, how long it has been up. */
@Component
class ServiceInfo {

  static final String NAME = "amplifier-app-api";

  /** The original's {@code GET /} names, word for word (its clients may compare them). */
  static final String TITLE = "Amplifier App api";

  static final String DESCRIPTION =
      "Amplifier App API - REST API for managing Amplifier sessions, configs and applications";

  /** The original service whose wire format this one speaks. */
  static final String WIRE_VERSION = "0.4.0";

  private final String version;
  private final String commit;
  private final Instant startedAt = Instant.now();

  ServiceInfo(@Value("${amplifier.version:0.0.0}") String version, Optional<GitProperties> git) {
    this.version = version;
    String abbreviated = git.map(GitProperties::getShortCommitId).orElse(null);
    this.commit = abbreviated == null ? "unknown" : abbreviated;
  }

  /** The git commit this build was made from ({@code unknown} when built outside git). */
  String commit() {
    return commit;
  }

  String version() {
    return version;
  }

  double uptimeSeconds() {
    return Duration.between(startedAt, Instant.now()).toMillis() / 1000.0;
  }

  /** Uptime in the original's words: {@code Days: 0, Hours: 0, Minutes: 3, Seconds: 12}. */
  String uptimeText() {
    long seconds = Duration.between(startedAt, Instant.now()).getSeconds();
    return "Days: "
        + seconds / 86_400
        + ", Hours: "
        + seconds % 86_400 / 3_600
        + ", Minutes: "
        + seconds % 3_600 / 60
        + ", Seconds: "
        + seconds % 60;
  }
}
