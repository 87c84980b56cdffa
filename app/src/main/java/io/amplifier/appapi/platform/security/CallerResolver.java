package io.amplifier.appapi.platform.security;

import io.amplifier.appapi.platform.operations.LogFields;
import io.amplifier.appapi.platform.problems.UnauthenticatedException;
import io.amplifier.appapi.users.api.Caller;
import io.amplifier.appapi.users.api.UserId;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Optional;
import java.util.regex.Pattern;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;

/**
 * Decides who the caller of a request is: the principal {@link AuthenticationFilter} established
 * when {@code AUTH_REQUIRED=true}; otherwise the original's dev mode, {@code dev-user} through
 * {@code dev-app} with admin rights, or the plain user named by {@code X-User-ID} for local
 * multi-user trials. Every caller is recorded as a user on first sight.
 */
@Component
public class CallerResolver {

  private final AuthSettings settings;
  private final UserSightings sightings;
  private final RateLimits limits;

  CallerResolver(AuthSettings settings, UserSightings sightings, RateLimits limits) {
    this.settings = settings;
    this.sightings = sightings;
    this.limits = limits;
  }

  static final String USER_HEADER = "X-User-ID";
  private static final String ATTRIBUTE = Caller.class.getName();
  private static final Pattern SANE_USER = Pattern.compile("[A-Za-z0-9._@:|+-]{1,255}");
  private static final Caller DEV = new Caller(new UserId("dev-user"), "dev-app", true);
  private static final Pattern TURN_PATH =
      Pattern.compile("/sessions/[^/]+/(messages|stream|turns)");

  public Caller resolve(HttpServletRequest request) {
    Object cached = request.getAttribute(ATTRIBUTE);
    if (cached instanceof Caller caller) {
      return caller;
    }
    Caller caller;
    Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
    String header = request.getHeader(USER_HEADER);
    if (authentication instanceof CallerAuthentication authenticated) {
      caller = authenticated.getPrincipal();
    } else if (settings.required()) {
      throw new UnauthenticatedException("Authentication required");
    } else if (header == null || header.isBlank()) {
      caller = DEV;
    } else if (SANE_USER.matcher(header).matches()) {
      caller = new Caller(new UserId(header), "dev-app", false);
    } else {
      throw new UnauthenticatedException(
          "Invalid X-User-ID header: 1-255 characters of [A-Za-z0-9._@:|+-]");
    }
    String user = caller.userId().value();
    enforce(limits.request(user, caller.appId()), "RATE_LIMIT_REQUESTS_PER_MINUTE");
    if ("POST".equals(request.getMethod())
        && TURN_PATH.matcher(request.getRequestURI()).matches()) {
      enforce(limits.turn(user, caller.appId()), "RATE_LIMIT_TURNS_PER_MINUTE");
    }
    request.setAttribute(ATTRIBUTE, caller);
    LogFields.caller(caller);
    sightings.seen(caller);
    return caller;
  }

  private static void enforce(Optional<RateLimits.Refusal> refusal, String limit) {
    refusal.ifPresent(
        refused -> {
          throw new TooManyRequestsException(
              "Rate limit exceeded: " + limit + " for this user or application",
              refused.retryAfterSeconds());
        });
  }
}
