package io.amplifier.appapi.users.web;

import io.amplifier.appapi.users.api.Caller;
import io.amplifier.appapi.users.service.ApplicationService;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RestController;

/**
 * The application routes ({@link ApplicationApi}), wire-compatible with the original service; the
 * work is {@link ApplicationService}'s.
 */
@RestController
class ApplicationController implements ApplicationApi {

  private final ApplicationService applications;

  ApplicationController(ApplicationService applications) {
    this.applications = applications;
  }

  @Override
  public ResponseEntity<ApplicationResponse> register(
      RegisterApplicationRequest request, Caller caller) {
    ApplicationService.Keyed registered =
        applications.register(
            request.appId(),
            request.appName(),
            request.settings(),
            request.isAdmin(),
            request.jwksUrl(),
            request.publicKey(),
            caller);
    return ResponseEntity.created(URI.create("/applications/" + registered.view().appId()))
        .body(
            ApplicationResponse.of(
                registered.view(), registered.key(), "Application registered successfully"));
  }

  @Override
  public List<ApplicationResponse> list(Caller caller) {
    return applications.list(caller).stream()
        .map(view -> ApplicationResponse.of(view, null, null))
        .toList();
  }

  @Override
  public ApplicationResponse get(String appId, Caller caller) {
    return ApplicationResponse.of(applications.get(appId, caller), null, null);
  }

  @Override
  public Map<String, String> delete(String appId, Caller caller) {
    applications.delete(appId, caller);
    return Map.of("message", "Application '" + appId + "' deleted successfully");
  }

  @Override
  public ApplicationResponse regenerateKey(String appId, Caller caller) {
    ApplicationService.Keyed regenerated = applications.regenerateKey(appId, caller);
    return ApplicationResponse.of(
        regenerated.view(), regenerated.key(), "API key regenerated successfully");
  }
}
