package io.amplifier.appapi.users.api;

import java.util.Map;
import org.axonframework.serialization.Revision;
import org.jspecify.annotations.Nullable;

/**
 * A client application was registered. The API key is present only as a one-way hash and a short
 * lookup prefix; the key itself never enters the event store. {@code jwksUrl} or {@code publicKey}
 * (PEM), when set, is the only key its users' tokens may be signed with.
 */
@Revision("1")
public record ApplicationRegisteredEvent(
    String appId,
    String appName,
    String keyPrefix,
    String keyHash,
    boolean admin,
    Map<String, Object> settings,
    @Nullable String jwksUrl,
    @Nullable String publicKey)
    implements ApplicationEvent {

  /**
   * An application whose users' tokens are checked with the service's own keys. Events recorded
   * before applications could have keys of their own read back this way too.
   */
  public ApplicationRegisteredEvent(
      String appId,
      String appName,
      String keyPrefix,
      String keyHash,
      boolean admin,
      Map<String, Object> settings) {
    this(appId, appName, keyPrefix, keyHash, admin, settings, null, null);
  }
}
