package io.amplifier.appapi.users.service;

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
import java.util.List;
import java.util.Map;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;

/**
 * Manages applications for an admin caller: registers them (with a signing key the rules allow),
 * lists, reads and deletes them, and issues their API keys; every change makes the authenticator
 * forget what it cached of the application.
 */
@Service
public class ApplicationService {

  /** An application and the API key just issued for it (shown once). */
  public record Keyed(ApplicationView view, String key) {}

  private final CommandGateway commands;
  private final QueryGateway queries;
  private final ApplicationKeyIssuer keys;
  private final ApplicationAuthenticator authenticator;
  private final boolean allowLoopbackJwks;

  ApplicationService(
      CommandGateway commands,
      QueryGateway queries,
      ApplicationKeyIssuer keys,
      ApplicationAuthenticator authenticator,
      @Value("${APPLICATION_JWKS_ALLOW_LOOPBACK:false}") boolean allowLoopbackJwks) {
    this.commands = commands;
    this.queries = queries;
    this.keys = keys;
    this.authenticator = authenticator;
    this.allowLoopbackJwks = allowLoopbackJwks;
  }

  /** Registers an application; blank signing-key fields count as absent. */
  public Keyed register(
      String appId,
      String appName,
      @Nullable Map<String, Object> settings,
      @Nullable Boolean isAdmin,
      @Nullable String jwksUrl,
      @Nullable String publicKey,
      Caller caller) {
    requireAdmin(caller);
    String url = blankToNull(jwksUrl);
    String pem = blankToNull(publicKey);
    SigningKeyRules.check(url, pem, allowLoopbackJwks);
    IssuedKey key = keys.issue();
    long version =
        commands.sendAndWait(
            new RegisterApplicationCommand(
                appId,
                appName,
                key.prefix(),
                key.hash(),
                Boolean.TRUE.equals(isAdmin),
                settings == null ? Map.of() : settings,
                url,
                pem));
    ApplicationView view = find(appId, version);
    authenticator.forget(view.appId());
    return new Keyed(view, key.key());
  }

  public List<ApplicationView> list(Caller caller) {
    requireAdmin(caller);
    return queries
        .query(new ListApplicationsQuery(), ResponseTypes.instanceOf(ApplicationList.class))
        .join()
        .applications();
  }

  public ApplicationView get(String appId, Caller caller) {
    requireAdmin(caller);
    return find(appId, -1);
  }

  /** Deletes the application, and answers once its view no longer shows it. */
  public void delete(String appId, Caller caller) {
    requireAdmin(caller);
    long version = commands.sendAndWait(new DeleteApplicationCommand(appId));
    queries
        .query(
            new FindApplicationQuery(appId, version),
            ResponseTypes.optionalInstanceOf(ApplicationView.class))
        .join();
    authenticator.forget(appId);
  }

  /** Issues a new API key; the old one stops working. */
  public Keyed regenerateKey(String appId, Caller caller) {
    requireAdmin(caller);
    IssuedKey key = keys.issue();
    long version =
        commands.sendAndWait(new RegenerateApplicationKeyCommand(appId, key.prefix(), key.hash()));
    ApplicationView view = find(appId, version);
    authenticator.forget(appId);
    return new Keyed(view, key.key());
  }

  private ApplicationView find(String appId, long minVersion) {
    return queries
        .query(
            new FindApplicationQuery(appId, minVersion),
            ResponseTypes.optionalInstanceOf(ApplicationView.class))
        .join()
        .orElseThrow(() -> new NotFoundException("Application not found"));
  }

  private static void requireAdmin(Caller caller) {
    if (!caller.admin()) {
      throw new ForbiddenException("Managing applications needs an admin principal");
    }
  }

  private static @Nullable String blankToNull(@Nullable String value) {
    return value == null || value.isBlank() ? null : value.trim();
  }
}
