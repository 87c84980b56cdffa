package io.amplifier.appapi.users.web;

import io.amplifier.appapi.users.api.Caller;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.validation.Valid;
import java.util.List;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;

/**
 * The application routes (admin only) as HTTP sees them, with their OpenAPI description; {@link
 * ApplicationController} maps them to the application service.
 */
@RequestMapping("/applications")
interface ApplicationApi {

  @Operation(summary = "Register an application; its API key is shown once (admin)")
  @ApiResponse(responseCode = "201", description = "Created")
  @ApiResponse(responseCode = "403", description = "Caller is not an admin")
  @ApiResponse(responseCode = "409", description = "An application with that id exists")
  @ApiResponse(responseCode = "422", description = "Invalid field (named in errors)")
  @PostMapping
  ResponseEntity<ApplicationResponse> register(
      @Valid @RequestBody RegisterApplicationRequest request, Caller caller);

  @Operation(summary = "List applications (admin)")
  @ApiResponse(responseCode = "200", description = "OK")
  @ApiResponse(responseCode = "403", description = "Caller is not an admin")
  @GetMapping
  List<ApplicationResponse> list(Caller caller);

  @Operation(summary = "Get an application (admin)")
  @ApiResponse(responseCode = "200", description = "OK")
  @ApiResponse(responseCode = "403", description = "Caller is not an admin")
  @ApiResponse(responseCode = "404", description = "Application not found")
  @GetMapping("/{appId}")
  ApplicationResponse get(@PathVariable String appId, Caller caller);

  @Operation(summary = "Delete an application (admin)")
  @ApiResponse(responseCode = "200", description = "OK")
  @ApiResponse(responseCode = "403", description = "Caller is not an admin")
  @ApiResponse(responseCode = "404", description = "Application not found")
  @DeleteMapping("/{appId}")
  Map<String, String> delete(@PathVariable String appId, Caller caller);

  @Operation(summary = "Issue a new API key for an application; the old one stops working (admin)")
  @ApiResponse(responseCode = "200", description = "OK")
  @ApiResponse(responseCode = "403", description = "Caller is not an admin")
  @ApiResponse(responseCode = "404", description = "Application not found")
  @PostMapping("/{appId}/regenerate-key")
  ApplicationResponse regenerateKey(@PathVariable String appId, Caller caller);
}
