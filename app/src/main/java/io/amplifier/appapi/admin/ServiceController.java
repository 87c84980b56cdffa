package io.amplifier.appapi.admin;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.swagger.v3.oas.annotations.Operation;
import java.sql.Connection;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.sql.DataSource;
import org.axonframework.util.MavenArtifactVersionResolver;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.SpringBootVersion;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code /}, {@code /health} and {@code /version}, shaped as the original service's. */
@RestController
class ServiceController {

  private final ServiceInfo info;
  private final DataSource dataSource;
  private final DatabaseHealth database;
  private final String axonVersion = axonVersion();
  private volatile @Nullable String databaseVersion;
  private volatile long databaseVersionTriedAt;

  ServiceController(ServiceInfo info, DataSource dataSource, DatabaseHealth database) {
    this.info = info;
    this.dataSource = dataSource;
    this.database = database;
  }

  record Root(String service, String version, String description, String docs, String health) {}

  record Health(
      String status,
      String version,
      String uptime,
      @JsonProperty("uptime_seconds") double uptimeSeconds,
      @JsonProperty("database_connected") boolean databaseConnected,
      @JsonProperty("projection_failures") long projectionFailures) {}

  @Operation(summary = "Describe the service (name, version, docs and health links)")
  @GetMapping("/")
  Root root() {
    return new Root(ServiceInfo.TITLE, info.version(), ServiceInfo.DESCRIPTION, "/docs", "/health");
  }

  /**
   * Always 200, within a second: {@code degraded} when the database does not answer or events a
   * projection could not apply wait in its dead-letter queue ({@code projection_failures}, listed
   * at {@code GET /admin/dead-letters}).
   */
  @Operation(summary = "Health: database connection, projection failures and uptime (always 200)")
  @GetMapping("/health")
  Health health() {
    DatabaseHealth.State state = database.current();
    boolean healthy = state.connected() && state.deadLetters() == 0;
    return new Health(
        healthy ? "healthy" : "degraded",
        info.version(),
        info.uptimeText(),
        info.uptimeSeconds(),
        state.connected(),
        state.deadLetters());
  }

  /**
   * The original's three fields, then ours. {@code amplifier_core_version}: the original ran Python
   * amplifier-core as its turn kernel; ours is built in, so this is the git commit of this build.
   * {@code amplifier_foundation_version}: the version of amplifier-app-api whose wire protocol
   * (paths, bodies, stream events) we speak.
   */
  @Operation(summary = "Versions of the service, the wire protocol it speaks and its platform")
  @GetMapping("/version")
  Map<String, Object> version() {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("service_version", info.version());
    body.put("amplifier_core_version", info.commit());
    body.put("amplifier_foundation_version", ServiceInfo.WIRE_VERSION);
    body.put("service", ServiceInfo.NAME);
    body.put("git_commit", info.commit());
    body.put("wire_compatible_with", ServiceInfo.NAME + " " + ServiceInfo.WIRE_VERSION);
    body.put("java_version", System.getProperty("java.version"));
    body.put("spring_boot_version", SpringBootVersion.getVersion());
    body.put("axon_framework_version", axonVersion);
    body.put("database_version", databaseVersion());
    return body;
  }

  /**
   * The server's version, asked once (a public route must not take a pooled connection per call);
   * while the database does not answer, asked again at most every 30 s.
   */
  private String databaseVersion() {
    String known = databaseVersion;
    if (known != null) {
      return known;
    }
    long now = System.nanoTime();
    if (databaseVersionTriedAt != 0 && now - databaseVersionTriedAt < 30_000_000_000L) {
      return "unavailable";
    }
    databaseVersionTriedAt = now;
    try (Connection connection = dataSource.getConnection()) {
      known =
          connection.getMetaData().getDatabaseProductName()
              + " "
              + connection.getMetaData().getDatabaseProductVersion();
      databaseVersion = known;
      return known;
    } catch (Exception e) {
      return "unavailable";
    }
  }

  private static String axonVersion() {
    try {
      String version =
          new MavenArtifactVersionResolver(
                  "org.axonframework", "axon-messaging", ServiceController.class.getClassLoader())
              .get();
      return version == null ? "unknown" : version;
    } catch (java.io.IOException e) {
      return "unknown";
    }
  }
}
