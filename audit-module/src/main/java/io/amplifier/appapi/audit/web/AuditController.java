package io.amplifier.appapi.audit.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.amplifier.appapi.audit.query.AuditFilter;
import io.amplifier.appapi.audit.query.AuditLog;
import io.amplifier.appapi.audit.query.ConsistencyTokens;
import io.amplifier.appapi.users.api.Caller;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

/**
 * {@code GET /audit} ({@link AuditApi}): who did what, across every module, cursor-paged by global
 * event position, newest first unless {@code order=asc}. Admins see everything; anyone else only
 * entries about their own entities. {@code GET /audit/export} streams the same filter as NDJSON,
 * page by page.
 */
@RestController
class AuditController implements AuditApi {

  private static final int EXPORT_PAGE = 1000;
  private static final byte[] NEWLINE = "\n".getBytes(StandardCharsets.UTF_8);

  private final AuditLog log;
  private final ObjectMapper json;
  private final ConsistencyTokens tokens;

  AuditController(AuditLog log, ObjectMapper json, ConsistencyTokens tokens) {
    this.log = log;
    this.json = json;
    this.tokens = tokens;
  }

  @Override
  public Map<String, Object> query(
      @Nullable String userId,
      @Nullable String appId,
      @Nullable String entityType,
      @Nullable String entityId,
      @Nullable String eventType,
      @Nullable Instant from,
      @Nullable Instant to,
      @Nullable Long after,
      int limit,
      String order,
      @Nullable String token,
      @Nullable String tokenHeader,
      Caller caller) {
    AuditFilter filter =
        AuditFilter.of(
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

  @Override
  public ResponseEntity<StreamingResponseBody> export(
      @Nullable String userId,
      @Nullable String appId,
      @Nullable String entityType,
      @Nullable String entityId,
      @Nullable String eventType,
      @Nullable Instant from,
      @Nullable Instant to,
      @Nullable Long after,
      String order,
      @Nullable String token,
      @Nullable String tokenHeader,
      Caller caller) {
    AuditFilter first =
        AuditFilter.of(
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
        out ->
            log.forEachPage(
                first,
                entries -> {
                  for (Map<String, Object> entry : entries) {
                    out.write(json.writeValueAsBytes(entry));
                    out.write(NEWLINE);
                  }
                  out.flush();
                });
    return ResponseEntity.ok()
        .contentType(MediaType.parseMediaType("application/x-ndjson"))
        .body(body);
  }
}
