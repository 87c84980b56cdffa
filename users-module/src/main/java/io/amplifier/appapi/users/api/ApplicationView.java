package io.amplifier.appapi.users.api;

import java.time.Instant;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * An application as the read model holds it. {@code keyHash} is the one-way hash of its current
 * key, for authentication; never put it in a response. {@code jwksUrl} or {@code publicKey} (PEM)
 * is the application's own token signing key, when it has one.
 */
public record ApplicationView(
    String appId,
    String appName,
    String keyPrefix,
    String keyHash,
    boolean active,
    boolean admin,
    Map<String, Object> settings,
    Instant createdAt,
    Instant updatedAt,
    long version,
    @Nullable String jwksUrl,
    @Nullable String publicKey) {

  /** Whether tokens of this application's users are checked with a key of its own. */
  public boolean ownSigningKey() {
    return jwksUrl != null || publicKey != null;
  }
}
