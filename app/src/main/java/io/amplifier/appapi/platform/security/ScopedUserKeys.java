package io.amplifier.appapi.platform.security;

import io.amplifier.appapi.users.api.UserId;
import io.amplifier.appapi.users.api.UserKeys;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/** {@link UserKeys} by the same {@link UserScopes} that authentication keys callers with. */
@Component
class ScopedUserKeys implements UserKeys {

  private final UserScopes scopes;

  ScopedUserKeys(Environment env) {
    this.scopes = UserScopes.from(env);
  }

  @Override
  public UserId user(String appId, String sub) {
    return scopes.user(appId, sub);
  }
}
