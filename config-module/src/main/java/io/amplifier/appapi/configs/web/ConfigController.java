package io.amplifier.appapi.configs.web;

import io.amplifier.appapi.configs.api.ConfigPage;
import io.amplifier.appapi.configs.api.ConfigView;
import io.amplifier.appapi.configs.api.ListConfigsQuery;
import io.amplifier.appapi.configs.service.ConfigService;
import io.amplifier.appapi.platform.api.InputPatterns;
import io.amplifier.appapi.users.api.Caller;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.net.URI;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
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
import org.springframework.web.bind.annotation.RestController;

/** The config routes: maps HTTP to the {@link ConfigService} and its list query, and back. */
@RestController
@RequestMapping("/configs")
class ConfigController {

  static final String NOT_FOUND = ConfigService.NOT_FOUND;

  private final ConfigService configs;
  private final QueryGateway queries;

  ConfigController(ConfigService configs, QueryGateway queries) {
    this.configs = configs;
    this.queries = queries;
  }

  @Operation(summary = "Create a config (answered as sent, secrets in clear; stored sealed)")
  @ApiResponse(responseCode = "201", description = "Created")
  @ApiResponse(responseCode = "400", description = "Config validation error (the path is named)")
  @ApiResponse(responseCode = "413", description = "config_data larger than 1 MB")
  @ApiResponse(responseCode = "422", description = "Invalid field (named in errors)")
  @PostMapping
  ResponseEntity<ConfigResponse> create(
      @Valid @RequestBody CreateConfigRequest request, Caller caller) {
    ConfigService.Answer created =
        configs.create(
            request.name(),
            request.description(),
            request.configData(),
            request.sections(),
            request.providers(),
            request.tags(),
            caller);
    return ResponseEntity.created(URI.create("/configs/" + created.view().configId()))
        .eTag(etag(created.view()))
        .body(answer(created, "Config created successfully"));
  }

  @Operation(summary = "List the caller's configs")
  @ApiResponse(responseCode = "200", description = "OK")
  @ApiResponse(responseCode = "422", description = "Invalid limit, offset or tags filter")
  @GetMapping
  Map<String, Object> list(
      @RequestParam(defaultValue = "50") @Min(1) @Max(1000) int limit,
      @RequestParam(defaultValue = "0") @Min(0) int offset,
      @RequestParam(required = false) @Nullable String tags,
      Caller caller) {
    ConfigPage page =
        queries
            .query(
                new ListConfigsQuery(caller.userId().value(), limit, offset, parseTags(tags)),
                ResponseTypes.instanceOf(ConfigPage.class))
            .join();
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("configs", page.configs().stream().map(ConfigSummaryResponse::of).toList());
    body.put("total", page.total());
    return body;
  }

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
      Caller caller) {
    ConfigService.Answer read = configs.read(configId, decrypt, version, asOf, caller);
    ConfigView view = read.view();
    if (version != null || asOf != null) {
      // Names the version served.
      return ResponseEntity.ok()
          .eTag(etag(view))
          .lastModified(view.updatedAt())
          .header("X-As-Of", view.updatedAt().toString())
          .body(answer(read, null));
    }
    return ResponseEntity.ok().eTag(etag(view)).body(answer(read, null));
  }

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
      Caller caller) {
    ConfigService.Answer updated =
        configs.update(
            configId,
            request.name(),
            request.description(),
            request.configData(),
            request.sections(),
            request.providers(),
            request.tags(),
            ifMatch,
            caller);
    return ResponseEntity.ok()
        .eTag(etag(updated.view()))
        .body(answer(updated, "Config updated successfully"));
  }

  @Operation(summary = "Delete a config (its data key is destroyed)")
  @ApiResponse(responseCode = "200", description = "OK")
  @ApiResponse(responseCode = "404", description = "Config not found (or not the caller's)")
  @DeleteMapping("/{configId}")
  Map<String, String> delete(@PathVariable String configId, Caller caller) {
    configs.delete(configId, caller);
    return Map.of("message", "Config deleted successfully");
  }

  static Map<String, String> parseTags(@Nullable String tags) {
    return InputPatterns.tagFilter(tags).orElseThrow(InvalidTagFilterException::new);
  }

  private static ConfigResponse answer(ConfigService.Answer answer, @Nullable String message) {
    return ConfigResponse.of(answer.view(), answer.document(), answer.sealed(), message);
  }

  private static String etag(ConfigView view) {
    return "\"" + view.revision() + "\"";
  }
}
