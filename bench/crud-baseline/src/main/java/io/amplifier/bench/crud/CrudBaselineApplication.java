package io.amplifier.bench.crud;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * The benchmark's CRUD baseline: {@code POST /configs} of the same shape as the service's, validated
 * the same way, stored as one JSONB row in one transaction, answered with the same body. Nothing
 * else (no events, no encryption, no read model): the figure event sourcing is measured against.
 */
@SpringBootApplication
public class CrudBaselineApplication {

  public static void main(String[] args) {
    SpringApplication.run(CrudBaselineApplication.class, args);
  }

  /** Body of {@code POST /configs}, the service's required fields and limits. */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  record CreateConfigRequest(
      @NotBlank @Size(max = 255) String name,
      @Size(max = 10_000) String description,
      @NotNull ObjectNode configData,
      Map<String, String> tags) {}

  /** The answer, as the service gives it. */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  record ConfigResponse(
      String configId,
      String name,
      String description,
      ObjectNode configData,
      String userId,
      Instant createdAt,
      Instant updatedAt,
      Map<String, String> tags,
      String message) {}

  @RestController
  static class ConfigController {
    private static final int MAX_DOCUMENT_BYTES = 1024 * 1024;
    private final JdbcTemplate jdbc;
    private final ObjectMapper json;

    ConfigController(JdbcTemplate jdbc, ObjectMapper json) {
      this.jdbc = jdbc;
      this.json = json;
    }

    @GetMapping("/health")
    Map<String, String> health() {
      return Map.of("status", "healthy");
    }

    @PostMapping("/configs")
    ResponseEntity<ConfigResponse> create(
        @Valid @RequestBody CreateConfigRequest request,
        @RequestHeader(name = "X-User-ID", required = false) String userId)
        throws JsonProcessingException {
      if (userId == null || userId.isBlank() || userId.length() > 255) {
        throw new ResponseStatusException(HttpStatus.UNAUTHORIZED, "X-User-ID header required");
      }
      String document = json.writeValueAsString(request.configData());
      if (document.getBytes(StandardCharsets.UTF_8).length > MAX_DOCUMENT_BYTES) {
        throw new ResponseStatusException(HttpStatus.PAYLOAD_TOO_LARGE, "config_data larger than 1 MB");
      }
      Map<String, String> tags = request.tags() == null ? Map.of() : request.tags();
      UUID id = UUID.randomUUID();
      Instant now = Instant.now();
      jdbc.update(
          "INSERT INTO configs (config_id, user_id, name, description, config_data, tags, version,"
              + " created_at, updated_at) VALUES (?, ?, ?, ?, ?::jsonb, ?::jsonb, 1, ?, ?)",
          id,
          userId,
          request.name(),
          request.description(),
          document,
          json.writeValueAsString(tags),
          Timestamp.from(now),
          Timestamp.from(now));
      return ResponseEntity.created(URI.create("/configs/" + id))
          .eTag("\"1\"")
          .body(
              new ConfigResponse(
                  id.toString(),
                  request.name(),
                  request.description(),
                  request.configData(),
                  userId,
                  now,
                  now,
                  tags,
                  "Config created successfully"));
    }
  }
}
