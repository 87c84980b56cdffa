package io.amplifier.appapi.users.api;

import java.util.Optional;

/**
 * Checks an application API key: the application holding it (check {@link ApplicationView#active()}:
 * a deleted application is disabled), or empty. Implementations take the same time whether the key
 * is unknown or wrong in its last character.
 */
public interface ApplicationAuthenticator {

  Optional<ApplicationView> authenticate(String apiKey);
}
