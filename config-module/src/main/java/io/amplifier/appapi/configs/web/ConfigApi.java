package io.amplifier.appapi.configs.web;

import io.amplifier.appapi.users.api.Caller;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.time.Instant;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The config routes as HTTP sees them, with their OpenAPI description; {@link ConfigController}
 * maps them to the config service.
 */
@RequestMapping("/configs")
interface ConfigApi {

  @Operation(summary = "Create a config (answered as sent, secrets in clear; stored sealed)")
  @ApiResponse(responseCode = "201", description = "Created")
  @ApiResponse(responseCode = "400", description = "Config validation error (the path is named)")
  @ApiResponse(responseCode = "413", description = "config_data larger than 1 MB")
  @ApiResponse(responseCode = "422", description = "Invalid field (named in errors)")
  @PostMapping
  ResponseEntity<ConfigResponse> create(
      @Valid @RequestBody CreateConfigRequest request, Caller caller);

  @Operation(summary = "List the caller's configs")
  @ApiResponse(responseCode = "200", description = "OK")
  @ApiResponse(responseCode = "422", description = "Invalid limit, offset or tags filter")
  @GetMapping
  Map<String, Object> list(
      @RequestParam(defaultValue = "50") @Min(1) @Max(1000) int limit,
      @RequestParam(defaultValue = "0") @Min(0) int offset,
      @RequestParam(required = false) @Nullable String tags,
      Caller caller);

  @Operation(summary = "Get a config (secrets sealed; decrypt=true opens them for the owner)")
  @ApiResponse(responseCode = "200", description = "OK")
  @ApiResponse(responseCode = "404", description = "Config not found (or not the caller's)")
  @ApiResponse(responseCode = "422", description = "Invalid query parameter")
  @GetMapping("/{configId}")
  ResponseEntity<ConfigResponse> get(
      @PathVariable String configId,
      @RequestParam(defaultValue = "false") boolean decrypt,
      @RequestParam(required = false) @Nullable @Min(1) Integer version,
      @RequestParam(name = "as_of", required = false) @Nullable Instant asOf,
      Caller caller);

  @Operation(summary = "Update a config (If-Match honoured; answered as sent)")
  @ApiResponse(responseCode = "200", description = "OK")
  @ApiResponse(responseCode = "400", description = "Config validation error (the path is named)")
  @ApiResponse(responseCode = "404", description = "Config not found (or not the caller's)")
  @ApiResponse(responseCode = "412", description = "If-Match does not name the current revision")
  @ApiResponse(responseCode = "413", description = "config_data larger than 1 MB")
  @ApiResponse(responseCode = "422", description = "Invalid field (named in errors)")
  @PutMapping("/{configId}")
  ResponseEntity<ConfigResponse> update(
      @PathVariable String configId,
      @Valid @RequestBody UpdateConfigRequest request,
      @RequestHeader(name = "If-Match", required = false) @Nullable String ifMatch,
      Caller caller);

  @Operation(summary = "Delete a config (its data key is destroyed)")
  @ApiResponse(responseCode = "200", description = "OK")
  @ApiResponse(responseCode = "404", description = "Config not found (or not the caller's)")
  @DeleteMapping("/{configId}")
  Map<String, String> delete(@PathVariable String configId, Caller caller);
}
