package io.amplifier.appapi.audit.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.amplifier.appapi.audit.query.AuditFilter;
import io.amplifier.appapi.audit.query.AuditLog;
import io.amplifier.appapi.audit.query.ConsistencyTokens;
import io.amplifier.appapi.audit.query.InvalidAuditInputException;
import io.amplifier.appapi.users.api.Caller;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

/**
 * {@code GET /audit}: who did what, across every module, cursor-paged by global event position,
 * newest first unless {@code order=asc}. Admins see everything; anyone else only entries about
 * their own entities. {@code GET /audit/export} streams the same filter as NDJSON, page by page.
 */
@RestController
class AuditController {

  private static final int EXPORT_PAGE = 1000;
  private static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");
  private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");

  private final AuditLog log;
  private final ObjectMapper json;
  private final ConsistencyTokens tokens;

  AuditController(AuditLog log, ObjectMapper json, ConsistencyTokens tokens) {
    this.log = log;
    this.json = json;
    this.tokens = tokens;
  }

  @io.swagger.v3.oas.annotations.Operation(
      summary = "Audit entries across every entity, cursor-paged by event position")
  @io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "200", description = "OK")
  @io.swagger.v3.oas.annotations.responses.ApiResponse(
      responseCode = "422",
      description = "Invalid parameter (named in errors)")
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
      Caller caller) {
    AuditFilter filter =
        filter(
            userId, appId, entityType, entityId, eventType, from, to, after, order, limit, caller);
    log.catchUp(tokens.toAwait(token != null ? token : tokenHeader, caller));
    List<Map<String, Object>> entries = log.page(filter);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("entries", entries);
    body.put("count", entries.size());
    body.put(
        "next_after",
        entries.size() < limit ? null : entries.get(entries.size() - 1).get("position"));
    return body;
  }

  @io.swagger.v3.oas.annotations.Operation(summary = "The same audit filter as NDJSON, streamed")
  @io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "200", description = "OK")
  @io.swagger.v3.oas.annotations.responses.ApiResponse(
      responseCode = "422",
      description = "Invalid parameter (named in errors)")
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
      Caller caller) {
    AuditFilter first =
        filter(
            userId,
            appId,
            entityType,
            entityId,
            eventType,
            from,
            to,
            after,
            order,
            EXPORT_PAGE,
            caller);
    log.catchUp(tokens.toAwait(token != null ? token : tokenHeader, caller));
    StreamingResponseBody body =
        out -> {
          AuditFilter page = first;
          while (true) {
            List<Map<String, Object>> entries = log.page(page);
            for (Map<String, Object> entry : entries) {
              write(out, entry);
            }
            out.flush();
            if (entries.size() < EXPORT_PAGE) {
              return;
            }
            page =
                page.after(
                    (Long)
                        java.util.Objects.requireNonNull(
                            entries.get(entries.size() - 1).get("position")));
          }
        };
    return ResponseEntity.ok()
        .contentType(MediaType.parseMediaType("application/x-ndjson"))
        .body(body);
  }

  private void write(OutputStream out, Map<String, Object> entry) throws java.io.IOException {
    out.write(json.writeValueAsBytes(entry));
    out.write("\n".getBytes(StandardCharsets.UTF_8));
  }

  private static void requireStorable(String field, @Nullable Instant instant) {
    if (instant != null && (instant.isBefore(EARLIEST) || instant.isAfter(LATEST))) {
      throw new InvalidAuditInputException(field, "must be an instant between years 1 and 9999");
    }
  }

  private static AuditFilter filter(
      @Nullable String userId,
      @Nullable String appId,
      @Nullable String entityType,
      @Nullable String entityId,
      @Nullable String eventType,
      @Nullable Instant from,
      @Nullable Instant to,
      @Nullable Long after,
      String order,
      int limit,
      Caller caller) {
    requireStorable("from", from);
    requireStorable("to", to);
    return new AuditFilter(
        userId,
        appId,
        entityType,
        entityId,
        eventType,
        from,
        to,
        after,
        order.equals("asc"),
        limit,
        caller.admin() ? null : caller.userId().value());
  }
}
