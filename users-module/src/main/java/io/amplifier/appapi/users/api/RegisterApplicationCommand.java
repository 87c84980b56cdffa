package io.amplifier.appapi.users.api;

import java.util.Map;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.jspecify.annotations.Nullable;

/** Intent to register a client application under {@code appId} with an already hashed key. */
public record RegisterApplicationCommand(
    String appId,
    String appName,
    String keyPrefix,
    String keyHash,
    boolean admin,
    Map<String, Object> settings,
    @Nullable String jwksUrl,
    @Nullable String publicKey) {

  /** An application whose users' tokens are checked with the service's own keys. */
  public RegisterApplicationCommand(
      String appId,
      String appName,
      String keyPrefix,
      String keyHash,
      boolean admin,
      Map<String, Object> settings) {
    this(appId, appName, keyPrefix, keyHash, admin, settings, null, null);
  }

  /** Applications share the event store with other aggregates; their ids carry a prefix. */
  @TargetAggregateIdentifier
  public String aggregateId() {
    return "application:" + appId;
  }
}
