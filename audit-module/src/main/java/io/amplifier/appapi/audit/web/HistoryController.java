package io.amplifier.appapi.audit.web;

import io.amplifier.appapi.audit.query.EntityHistory;
import io.amplifier.appapi.audit.query.EntityKind;
import io.amplifier.appapi.users.api.Caller;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET …/{id}/history} for every kind of entity, read from the entity's own events. */
@RestController
class HistoryController {

  private final EntityHistory history;

  HistoryController(EntityHistory history) {
    this.history = history;
  }

  @io.swagger.v3.oas.annotations.Operation(
      summary = "A config's events, oldest first, with actor and changed fields")
  @io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "200", description = "OK")
  @io.swagger.v3.oas.annotations.responses.ApiResponse(
      responseCode = "404",
      description = "Not found (or not the caller's)")
  @io.swagger.v3.oas.annotations.responses.ApiResponse(
      responseCode = "422",
      description = "Invalid parameter (named in errors)")
  @GetMapping("/configs/{id}/history")
  Map<String, Object> config(
      @PathVariable String id,
      @RequestParam(defaultValue = "-1") @Min(-1) long after,
      @RequestParam(defaultValue = "100") @Min(1) @Max(1000) int limit,
      Caller caller) {
    return read(EntityKind.CONFIG, id, after, limit, caller);
  }

  @io.swagger.v3.oas.annotations.Operation(
      summary = "A session's events, oldest first, with actor and changed fields")
  @io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "200", description = "OK")
  @io.swagger.v3.oas.annotations.responses.ApiResponse(
      responseCode = "404",
      description = "Not found (or not the caller's)")
  @io.swagger.v3.oas.annotations.responses.ApiResponse(
      responseCode = "422",
      description = "Invalid parameter (named in errors)")
  @GetMapping("/sessions/{id}/history")
  Map<String, Object> session(
      @PathVariable String id,
      @RequestParam(defaultValue = "-1") @Min(-1) long after,
      @RequestParam(defaultValue = "100") @Min(1) @Max(1000) int limit,
      Caller caller) {
    return read(EntityKind.SESSION, id, after, limit, caller);
  }

  @io.swagger.v3.oas.annotations.Operation(
      summary = "A recipe's events, oldest first, with actor and changed fields")
  @io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "200", description = "OK")
  @io.swagger.v3.oas.annotations.responses.ApiResponse(
      responseCode = "404",
      description = "Not found (or not the caller's)")
  @io.swagger.v3.oas.annotations.responses.ApiResponse(
      responseCode = "422",
      description = "Invalid parameter (named in errors)")
  @GetMapping("/api/recipes/{id}/history")
  Map<String, Object> recipe(
      @PathVariable String id,
      @RequestParam(defaultValue = "-1") @Min(-1) long after,
      @RequestParam(defaultValue = "100") @Min(1) @Max(1000) int limit,
      Caller caller) {
    return read(EntityKind.RECIPE, id, after, limit, caller);
  }

  @io.swagger.v3.oas.annotations.Operation(
      summary = "An application's events, oldest first (admins only)")
  @io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "200", description = "OK")
  @io.swagger.v3.oas.annotations.responses.ApiResponse(
      responseCode = "403",
      description = "Admin rights required")
  @io.swagger.v3.oas.annotations.responses.ApiResponse(
      responseCode = "404",
      description = "Not found (or not the caller's)")
  @io.swagger.v3.oas.annotations.responses.ApiResponse(
      responseCode = "422",
      description = "Invalid parameter (named in errors)")
  @GetMapping("/applications/{id}/history")
  Map<String, Object> application(
      @PathVariable String id,
      @RequestParam(defaultValue = "-1") @Min(-1) long after,
      @RequestParam(defaultValue = "100") @Min(1) @Max(1000) int limit,
      Caller caller) {
    return read(EntityKind.APPLICATION, id, after, limit, caller);
  }

  private Map<String, Object> read(
      EntityKind kind, String id, long after, int limit, Caller caller) {
    return history
        .page(kind, id, caller, after, limit)
        .orElseThrow(() -> new NotFoundException(kind.notFound));
  }
}
