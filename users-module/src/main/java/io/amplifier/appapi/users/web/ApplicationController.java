package io.amplifier.appapi.users.web;

import io.amplifier.appapi.users.api.ApplicationAuthenticator;
import io.amplifier.appapi.users.api.ApplicationKeyIssuer;
import io.amplifier.appapi.users.api.ApplicationKeyIssuer.IssuedKey;
import io.amplifier.appapi.users.api.ApplicationList;
import io.amplifier.appapi.users.api.ApplicationView;
import io.amplifier.appapi.users.api.Caller;
import io.amplifier.appapi.users.api.DeleteApplicationCommand;
import io.amplifier.appapi.users.api.FindApplicationQuery;
import io.amplifier.appapi.users.api.ListApplicationsQuery;
import io.amplifier.appapi.users.api.RegenerateApplicationKeyCommand;
import io.amplifier.appapi.users.api.RegisterApplicationCommand;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.validation.Valid;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The application routes (admin only), wire-compatible with the original service. */
@RestController
@RequestMapping("/applications")
class ApplicationController {

  private final CommandGateway commands;
  private final QueryGateway queries;
  private final ApplicationKeyIssuer keys;
  private final ApplicationAuthenticator authenticator;
  private final boolean allowLoopbackJwks;

  private static @Nullable String blankToNull(@Nullable String value) {
    return value == null || value.isBlank() ? null : value.trim();
  }

  ApplicationController(
      CommandGateway commands,
      QueryGateway queries,
      ApplicationKeyIssuer keys,
      ApplicationAuthenticator authenticator,
      @Value("${APPLICATION_JWKS_ALLOW_LOOPBACK:false}") boolean allowLoopbackJwks) {
    this.allowLoopbackJwks = allowLoopbackJwks;
    this.commands = commands;
    this.queries = queries;
    this.keys = keys;
    this.authenticator = authenticator;
  }

  @Operation(summary = "Register an application; its API key is shown once (admin)")
  @ApiResponse(responseCode = "201", description = "Created")
  @ApiResponse(responseCode = "403", description = "Caller is not an admin")
  @ApiResponse(responseCode = "409", description = "An application with that id exists")
  @ApiResponse(responseCode = "422", description = "Invalid field (named in errors)")
  @PostMapping
  ResponseEntity<ApplicationResponse> register(
      @Valid @RequestBody RegisterApplicationRequest request, Caller caller) {
    requireAdmin(caller);
    SigningKeyRules.check(
        blankToNull(request.jwksUrl()), blankToNull(request.publicKey()), allowLoopbackJwks);
    IssuedKey key = keys.issue();
    long version =
        commands.sendAndWait(
            new RegisterApplicationCommand(
                request.appId(),
                request.appName(),
                key.prefix(),
                key.hash(),
                Boolean.TRUE.equals(request.isAdmin()),
                request.settings() == null ? Map.of() : request.settings(),
                blankToNull(request.jwksUrl()),
                blankToNull(request.publicKey())));
    ApplicationView view = find(request.appId(), version);
    authenticator.forget(view.appId());
    return ResponseEntity.created(URI.create("/applications/" + view.appId()))
        .body(ApplicationResponse.of(view, key.key(), "Application registered successfully"));
  }

  @Operation(summary = "List applications (admin)")
  @ApiResponse(responseCode = "200", description = "OK")
  @ApiResponse(responseCode = "403", description = "Caller is not an admin")
  @GetMapping
  List<ApplicationResponse> list(Caller caller) {
    requireAdmin(caller);
    return queries
        .query(new ListApplicationsQuery(), ResponseTypes.instanceOf(ApplicationList.class))
        .join()
        .applications()
        .stream()
        .map(view -> ApplicationResponse.of(view, null, null))
        .toList();
  }

  @Operation(summary = "Get an application (admin)")
  @ApiResponse(responseCode = "200", description = "OK")
  @ApiResponse(responseCode = "403", description = "Caller is not an admin")
  @ApiResponse(responseCode = "404", description = "Application not found")
  @GetMapping("/{appId}")
  ApplicationResponse get(@PathVariable String appId, Caller caller) {
    requireAdmin(caller);
    return ApplicationResponse.of(find(appId, -1), null, null);
  }

  @Operation(summary = "Delete an application (admin)")
  @ApiResponse(responseCode = "200", description = "OK")
  @ApiResponse(responseCode = "403", description = "Caller is not an admin")
  @ApiResponse(responseCode = "404", description = "Application not found")
  @DeleteMapping("/{appId}")
  Map<String, String> delete(@PathVariable String appId, Caller caller) {
    requireAdmin(caller);
    long version = commands.sendAndWait(new DeleteApplicationCommand(appId));
    awaitVersion(appId, version);
    authenticator.forget(appId);
    return Map.of("message", "Application '" + appId + "' deleted successfully");
  }

  @Operation(summary = "Issue a new API key for an application; the old one stops working (admin)")
  @ApiResponse(responseCode = "200", description = "OK")
  @ApiResponse(responseCode = "403", description = "Caller is not an admin")
  @ApiResponse(responseCode = "404", description = "Application not found")
  @PostMapping("/{appId}/regenerate-key")
  ApplicationResponse regenerateKey(@PathVariable String appId, Caller caller) {
    requireAdmin(caller);
    IssuedKey key = keys.issue();
    long version =
        commands.sendAndWait(new RegenerateApplicationKeyCommand(appId, key.prefix(), key.hash()));
    ApplicationView view = find(appId, version);
    authenticator.forget(appId);
    return ApplicationResponse.of(view, key.key(), "API key regenerated successfully");
  }

  private ApplicationView find(String appId, long minVersion) {
    return queries
        .query(
            new FindApplicationQuery(appId, minVersion),
            ResponseTypes.optionalInstanceOf(ApplicationView.class))
        .join()
        .orElseThrow(() -> new NotFoundException("Application not found"));
  }

  private void awaitVersion(String appId, long version) {
    queries
        .query(
            new FindApplicationQuery(appId, version),
            ResponseTypes.optionalInstanceOf(ApplicationView.class))
        .join();
  }

  private static void requireAdmin(Caller caller) {
    if (!caller.admin()) {
      throw new ForbiddenException("Managing applications needs an admin principal");
    }
  }
}
