package io.amplifier.appapi.audit.web;

import io.amplifier.appapi.audit.query.ConsistencyTokens;
import io.amplifier.appapi.users.api.Caller;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import java.time.Instant;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

/**
 * The audit routes as HTTP sees them, with their OpenAPI description; {@link AuditController} maps
 * them to the audit log.
 */
interface AuditApi {

  @Operation(summary = "Audit entries across every entity, cursor-paged by event position")
  @ApiResponse(responseCode = "200", description = "OK")
  @ApiResponse(responseCode = "422", description = "Invalid parameter (named in errors)")
  @GetMapping("/audit")
  Map<String, Object> query(
      @RequestParam(name = "user_id", required = false) @Nullable String userId,
      @RequestParam(name = "app_id", required = false) @Nullable String appId,
      @RequestParam(name = "entity_type", required = false) @Nullable String entityType,
      @RequestParam(name = "entity_id", required = false) @Nullable String entityId,
      @RequestParam(name = "event_type", required = false) @Nullable String eventType,
      @RequestParam(required = false) @Nullable Instant from,
      @RequestParam(required = false) @Nullable Instant to,
      @RequestParam(required = false) @Nullable @Min(0) Long after,
      @RequestParam(defaultValue = "100") @Min(1) @Max(1000) int limit,
      @RequestParam(defaultValue = "desc") @Pattern(regexp = "asc|desc") String order,
      @RequestParam(name = "consistency_token", required = false) @Nullable String token,
      @RequestHeader(name = ConsistencyTokens.HEADER, required = false)
          @Nullable String tokenHeader,
      Caller caller);

  @Operation(summary = "The same audit filter as NDJSON, streamed")
  @ApiResponse(responseCode = "200", description = "OK")
  @ApiResponse(responseCode = "422", description = "Invalid parameter (named in errors)")
  @GetMapping("/audit/export")
  ResponseEntity<StreamingResponseBody> export(
      @RequestParam(name = "user_id", required = false) @Nullable String userId,
      @RequestParam(name = "app_id", required = false) @Nullable String appId,
      @RequestParam(name = "entity_type", required = false) @Nullable String entityType,
      @RequestParam(name = "entity_id", required = false) @Nullable String entityId,
      @RequestParam(name = "event_type", required = false) @Nullable String eventType,
      @RequestParam(required = false) @Nullable Instant from,
      @RequestParam(required = false) @Nullable Instant to,
      @RequestParam(required = false) @Nullable @Min(0) Long after,
      @RequestParam(defaultValue = "desc") @Pattern(regexp = "asc|desc") String order,
      @RequestParam(name = "consistency_token", required = false) @Nullable String token,
      @RequestHeader(name = ConsistencyTokens.HEADER, required = false)
          @Nullable String tokenHeader,
      Caller caller);
}
