package io.amplifier.appapi.platform.web;

import io.amplifier.appapi.configs.api.ConfigId;
import io.amplifier.appapi.configs.api.ConfigView;
import io.amplifier.appapi.configs.api.DeleteConfigCommand;
import io.amplifier.appapi.configs.api.DeleteRecipeCommand;
import io.amplifier.appapi.configs.api.FindConfigQuery;
import io.amplifier.appapi.configs.api.FindRecipeQuery;
import io.amplifier.appapi.configs.api.RecipeId;
import io.amplifier.appapi.configs.api.RecipeView;
import io.amplifier.appapi.sessions.api.DeleteSessionCommand;
import io.amplifier.appapi.sessions.api.FindSessionQuery;
import io.amplifier.appapi.sessions.api.SessionId;
import io.amplifier.appapi.sessions.api.SessionView;
import io.amplifier.appapi.users.api.ApplicationView;
import io.amplifier.appapi.users.api.Caller;
import io.amplifier.appapi.users.api.DeleteApplicationCommand;
import io.amplifier.appapi.users.api.FindApplicationQuery;
import java.net.URI;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * Which entity a recorded answer is about (a config, recipe, session or application, named by the
 * answer's {@code Location} or else by the request's path), and whether its caller may still see it
 * when a retry asks for the answer again. Deleting the entity erases the answers about it.
 */
@Component
class ReplayAccess {

  private static final Pattern ENTITY =
      Pattern.compile("^/(?:api/)?(configs|recipes|sessions|applications)/([^/?#]+)");

  /** What a replay may answer. */
  enum Verdict {
    LIVE,
    NOT_FOUND,
    FORBIDDEN
  }

  private final QueryGateway queries;

  ReplayAccess(QueryGateway queries) {
    this.queries = queries;
  }

  /** {@code kind:id} of the entity an answer is about, or null for none. */
  static @Nullable String entityOf(@Nullable String location, String requestPath) {
    if (location != null) {
      String path = URI.create(location).getPath();
      String named = path == null ? null : match(path);
      if (named != null) {
        return named;
      }
    }
    return match(requestPath);
  }

  private static @Nullable String match(String path) {
    Matcher m = ENTITY.matcher(path);
    return m.find() ? m.group(1) + ":" + m.group(2) : null;
  }

  /** {@code kind:id} of the entity a delete command removes, or null when it is none. */
  static @Nullable String deletedBy(Object command) {
    if (command instanceof DeleteConfigCommand c) {
      return "configs:" + c.configId();
    }
    if (command instanceof DeleteRecipeCommand c) {
      return "recipes:" + c.recipeId();
    }
    if (command instanceof DeleteSessionCommand c) {
      return "sessions:" + c.sessionId();
    }
    if (command instanceof DeleteApplicationCommand c) {
      return "applications:" + c.appId();
    }
    return null;
  }

  /** Whether {@code caller} may still read {@code entity} (as the entity's own routes decide). */
  Verdict check(@Nullable String entity, Caller caller) {
    if (entity == null) {
      return Verdict.LIVE;
    }
    int colon = entity.indexOf(':');
    String kind = entity.substring(0, colon);
    String id = entity.substring(colon + 1);
    String user = caller.userId().value();
    try {
      boolean visible =
          switch (kind) {
            case "configs" ->
                exists(new FindConfigQuery(ConfigId.parse(id), user, -1), ConfigView.class);
            case "recipes" ->
                exists(
                    new FindRecipeQuery(new RecipeId(UUID.fromString(id)), user, -1),
                    RecipeView.class);
            case "sessions" ->
                exists(
                    new FindSessionQuery(new SessionId(UUID.fromString(id)), user, -1),
                    SessionView.class);
            case "applications" ->
                caller.admin() && exists(new FindApplicationQuery(id, -1), ApplicationView.class);
            default -> true;
          };
      if (visible) {
        return Verdict.LIVE;
      }
      return kind.equals("applications") && !caller.admin() ? Verdict.FORBIDDEN : Verdict.NOT_FOUND;
    } catch (RuntimeException e) {
      return Verdict.NOT_FOUND; // an id that no longer parses or a refused query: show nothing
    }
  }

  /** Whether the find query {@code query} answers a {@code view}. */
  private boolean exists(Object query, Class<?> view) {
    return queries.query(query, ResponseTypes.optionalInstanceOf(view)).join().isPresent();
  }
}
