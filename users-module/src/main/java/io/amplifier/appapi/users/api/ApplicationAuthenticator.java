package io.amplifier.appapi.users.api;

import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Checks an application API key: the application holding it (check {@link
 * ApplicationView#active()}: a deleted application is disabled), or empty. A key whose lookup
 * prefix no application has is refused without a bcrypt check (the prefix is not secret); only a
 * key with a known prefix pays for bcrypt, once.
 */
public interface ApplicationAuthenticator {

  Optional<ApplicationView> authenticate(String apiKey);

  /** True when {@code apiKey} already passed a bcrypt check on this node (a cheap lookup). */
  boolean recognizes(String apiKey);

  /**
   * Drops what this node remembers of the application's key; call it once a change of the
   * application (new key, deletion) is visible in the read model, before answering the request.
   */
  void forget(String appId);

  /** The non-secret lookup prefix of a well-formed key, or null for a malformed one. */
  @Nullable String lookupPrefix(String apiKey);
}
