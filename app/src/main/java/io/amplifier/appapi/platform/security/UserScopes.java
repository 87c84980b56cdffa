package io.amplifier.appapi.platform.security;

import io.amplifier.appapi.users.api.UserId;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.springframework.core.env.Environment;

/**
 * Which users are the same person across applications. By default ({@code USER_SCOPE=application})
 * a user is its application plus its {@code sub}: a token for {@code alice} through one application
 * never reaches what {@code alice} made through another, even though every application holds the
 * same HS256 {@code SECRET_KEY}. {@code USER_SHARED_APPS=web|cli,ops|ops-cli} links applications
 * whose users are the same people (each group is keyed by its first application); {@code
 * USER_SCOPE=global} makes every {@code sub} one user everywhere, as before this rule.
 */
final class UserScopes {

  private final boolean global;
  private final Map<String, String> groupOf;

  private UserScopes(boolean global, Map<String, String> groupOf) {
    this.global = global;
    this.groupOf = Map.copyOf(groupOf);
  }

  static UserScopes from(Environment env) {
    String scope = env.getProperty("USER_SCOPE", "application").trim().toLowerCase(Locale.ROOT);
    if (!scope.equals("application") && !scope.equals("global")) {
      throw new IllegalStateException(
          "USER_SCOPE must be application or global, not '" + scope + "'");
    }
    Map<String, String> groups = new HashMap<>();
    String shared = env.getProperty("USER_SHARED_APPS", "");
    for (String group : shared.split(",")) {
      String[] apps = group.trim().split("\\|");
      String first = apps[0].trim();
      if (first.isEmpty()) {
        continue;
      }
      for (String app : apps) {
        String id = app.trim();
        if (id.isEmpty() || id.contains(":")) {
          throw new IllegalStateException(
              "USER_SHARED_APPS holds groups of application ids: app1|app2,app3|app4");
        }
        String earlier = groups.putIfAbsent(id, first);
        if (earlier != null && !earlier.equals(first)) {
          throw new IllegalStateException(
              "USER_SHARED_APPS names application '" + id + "' in two groups");
        }
      }
    }
    return new UserScopes(scope.equals("global"), groups);
  }

  /** The key of the user {@code sub} who came through application {@code appId}. */
  UserId user(String appId, String sub) {
    if (global) {
      return new UserId(sub);
    }
    return UserId.scoped(groupOf.getOrDefault(appId, appId), sub);
  }
}
