package io.amplifier.appapi.admin;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.sql.Connection;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.sql.DataSource;
import org.axonframework.util.MavenArtifactVersionResolver;
import org.springframework.boot.SpringBootVersion;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code /}, {@code /health} and {@code /version}, shaped as the original service's. */
@RestController
class ServiceController {

  private final ServiceInfo info;
  private final DataSource dataSource;

  ServiceController(ServiceInfo info, DataSource dataSource) {
    this.info = info;
    this.dataSource = dataSource;
  }

  record Root(String service, String version, String description, String docs, String health) {}

  record Health(
      String status,
      String version,
      double uptime,
      @JsonProperty("database_connected") boolean databaseConnected) {}

  @GetMapping("/")
  Root root() {
    return new Root(ServiceInfo.NAME, info.version(), ServiceInfo.DESCRIPTION, "/docs", "/health");
  }

  /** Always 200: {@code degraded} when the database does not answer within two seconds. */
  @GetMapping("/health")
  Health health() {
    boolean connected = databaseAnswers();
    return new Health(
        connected ? "healthy" : "degraded", info.version(), info.uptimeSeconds(), connected);
  }

  @GetMapping("/version")
  Map<String, Object> version() {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("service_version", info.version());
    body.put("service", ServiceInfo.NAME);
    body.put("java_version", System.getProperty("java.version"));
    body.put("spring_boot_version", SpringBootVersion.getVersion());
    body.put("axon_framework_version", axonVersion());
    body.put("database_version", databaseVersion());
    return body;
  }

  private boolean databaseAnswers() {
    try (Connection connection = dataSource.getConnection()) {
      return connection.isValid(2);
    } catch (Exception e) {
      return false;
    }
  }

  private String databaseVersion() {
    try (Connection connection = dataSource.getConnection()) {
      return connection.getMetaData().getDatabaseProductName()
          + " "
          + connection.getMetaData().getDatabaseProductVersion();
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
