package io.amplifier.appapi.platform.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import io.amplifier.appapi.platform.operations.DaemonThreads;
import io.amplifier.appapi.platform.operations.LogFields;
import io.amplifier.appapi.platform.operations.RequestIds;
import io.amplifier.appapi.platform.problems.Problems;
import io.amplifier.appapi.users.api.ApplicationAuthenticator;
import io.amplifier.appapi.users.api.ApplicationView;
import io.amplifier.appapi.users.api.Caller;
import io.amplifier.appapi.users.api.FindApplicationQuery;
import io.amplifier.appapi.users.api.UserId;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.JwtValidationException;
import org.springframework.util.AntPathMatcher;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates every non-public request when {@code AUTH_REQUIRED=true}: an application API key
 * and a user JWT ({@code api_key_jwt}), or a JWT naming its application ({@code jwt_only}), or the
 * bootstrap {@code ADMIN_API_KEY}. JWTs are checked by Spring Security's Nimbus decoder; this class
 * only decides which failure to report. Each failure is a 401 problem whose detail says which.
 *
 * <p>A token that passed the decoder is remembered by its SHA-256 until its {@code exp} (and {@link
 * #TOKEN_MEMORY} at most, so a signing key withdrawn from a JWKS stops counting as soon as Spring's
 * own key cache would forget it), so its next requests skip parsing and the signature check. Only
 * the very same string matches; its issuer, audience and signature cannot change meanwhile, and
 * {@code exp} is checked again on every use. Failures are never remembered.
 */
public final class AuthenticationFilter extends OncePerRequestFilter {

  public static final List<String> PUBLIC_PATHS =
      List.of(
          "/",
          "/health",
          "/version",
          "/docs",
          "/docs/**",
          "/swagger-ui/**",
          "/swagger-ui.html",
          "/openapi.json",
          "/openapi.json/**",
          "/redoc",
          "/redoc/**",
          "/favicon.ico",
          "/actuator/health",
          "/actuator/health/**",
          "/actuator/info");

  /** Operational detail: only admins may read it when authentication is required. */
  private static final List<String> ADMIN_PATHS =
      List.of("/actuator/metrics", "/actuator/metrics/**", "/actuator/prometheus");

  private static final int MAX_TOKEN_LENGTH = 16_384;
  static final long TARPIT_MILLIS = 500;
  private static final java.util.concurrent.ScheduledExecutorService TARPIT =
      DaemonThreads.scheduled("auth-tarpit");
  private static final AntPathMatcher PATHS = new AntPathMatcher();
  static final Duration TOKEN_MEMORY = Duration.ofMinutes(5);
  private static final int MAX_TOKENS = 10_000;

  private final AuthSettings settings;
  private final JwtDecoder jwtDecoder;
  private final ApplicationSigningKeys appKeys;
  private final UserScopes scopes;
  private final ApplicationAuthenticator applications;
  private final QueryGateway queries;
  private final ObjectMapper json;
  private final RateLimits limits;
  private final byte @Nullable [] adminKeyDigest;
  private final Cache<String, Jwt> verifiedTokens =
      Caffeine.newBuilder()
          .maximumSize(MAX_TOKENS)
          .expireAfter(Expiry.<String, Jwt>creating((digest, jwt) -> lifetime(jwt)))
          .build();

  AuthenticationFilter(
      AuthSettings settings,
      JwtDecoder jwtDecoder,
      ApplicationSigningKeys appKeys,
      UserScopes scopes,
      ApplicationAuthenticator applications,
      QueryGateway queries,
      ObjectMapper json,
      RateLimits limits) {
    this.settings = settings;
    this.jwtDecoder = jwtDecoder;
    this.appKeys = appKeys;
    this.scopes = scopes;
    this.applications = applications;
    this.queries = queries;
    this.json = json;
    this.limits = limits;
    this.adminKeyDigest = settings.adminApiKey() == null ? null : digest(settings.adminApiKey());
  }

  /** Thrown inside the filter to end a request with a 401 naming the reason. */
  private static final class Rejected extends RuntimeException {
    Rejected(String reason) {
      super(reason, null, false, false);
    }
  }

  /**
   * A throttled caller's 429 is sent {@value #TARPIT_MILLIS} ms late, on an async request, so no
   * request thread waits: a client that retries in a closed loop is slowed to a couple of requests
   * a second per connection instead of being answered as fast as it can ask.
   */
  private void refuseSlowly(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    String reason =
        "Too many failed authentications from this address or for this key; try again later";
    if (!request.isAsyncSupported()) {
      problem(request, response, HttpStatus.TOO_MANY_REQUESTS, reason);
      return;
    }
    jakarta.servlet.AsyncContext slow = request.startAsync(request, response);
    slow.setTimeout(TARPIT_MILLIS * 20);
    TARPIT.schedule(
        () -> {
          try {
            problem(request, response, HttpStatus.TOO_MANY_REQUESTS, reason);
          } catch (IOException | RuntimeException gone) {
            // the client went away meanwhile
          } finally {
            slow.complete();
          }
        },
        TARPIT_MILLIS,
        java.util.concurrent.TimeUnit.MILLISECONDS);
  }

  /** The identity provider's keys could not be fetched in time: 503, the caller may retry. */
  private static final class KeysUnavailable extends RuntimeException {
    KeysUnavailable() {
      super(
          "The identity provider's signing keys could not be fetched; try again shortly",
          null,
          false,
          false);
    }
  }

  @Override
  protected boolean shouldNotFilter(HttpServletRequest request) {
    String path = request.getRequestURI().substring(request.getContextPath().length());
    return !settings.required() || PUBLIC_PATHS.stream().anyMatch(p -> PATHS.match(p, path));
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    String address = request.getRemoteAddr();
    String apiKey = header(request, settings.apiKeyHeader());
    String keyPrefix = apiKey == null ? null : applications.lookupPrefix(apiKey);
    // A key that already passed here is never throttled; asked only when a throttle applies, so
    // the common path hashes the key once (in authenticate), not twice.
    Optional<RateLimits.Refusal> blocked = limits.authBlocked(address, keyPrefix);
    if (blocked.isPresent() && (apiKey == null || !applications.recognizes(apiKey))) {
      limits.authRefused();
      response.setHeader("Retry-After", Long.toString(blocked.get().retryAfterSeconds()));
      refuseSlowly(request, response);
      return;
    }
    Caller caller;
    try {
      caller = authenticate(request, apiKey);
    } catch (Rejected rejected) {
      limits.authFailed(address, keyPrefix);
      response.setHeader("WWW-Authenticate", "Bearer");
      problem(request, response, HttpStatus.UNAUTHORIZED, rejected.getMessage());
      return;
    } catch (KeysUnavailable unavailable) {
      response.setHeader("Retry-After", "5");
      problem(request, response, HttpStatus.SERVICE_UNAVAILABLE, unavailable.getMessage());
      return;
    }
    LogFields.caller(caller);
    String path = request.getRequestURI().substring(request.getContextPath().length());
    if (!caller.admin() && ADMIN_PATHS.stream().anyMatch(p -> PATHS.match(p, path))) {
      problem(request, response, HttpStatus.FORBIDDEN, "Admin rights required");
      return;
    }
    SecurityContextHolder.getContext().setAuthentication(new CallerAuthentication(caller));
    try {
      chain.doFilter(request, response);
    } finally {
      SecurityContextHolder.clearContext();
    }
  }

  /**
   * {@code apiKey} is the header the caller already read: Spring Security's firewall checks a
   * header's every character on each read, so each credential header is read once.
   */
  private Caller authenticate(HttpServletRequest request, @Nullable String apiKey) {
    if (apiKey != null
        && adminKeyDigest != null
        && MessageDigest.isEqual(digest(apiKey), adminKeyDigest)) {
      return new Caller(new UserId(Caller.ADMIN_PRINCIPAL), Caller.ADMIN_PRINCIPAL, true);
    }
    if (settings.mode() == AuthSettings.Mode.API_KEY_JWT) {
      if (apiKey == null) {
        throw new Rejected(
            "Missing API key: send it in the " + settings.apiKeyHeader() + " header");
      }
      ApplicationView app =
          applications.authenticate(apiKey).orElseThrow(() -> new Rejected("Invalid API key"));
      if (!app.active()) {
        throw new Rejected("Application '" + app.appId() + "' is disabled");
      }
      Jwt jwt = decode(bearer(request), app);
      Object claimedApp = jwt.getClaims().get("app_id");
      if (claimedApp != null && !app.appId().equals(claimedApp.toString())) {
        throw new Rejected("Token app_id does not match the application of the API key");
      }
      return new Caller(scopes.user(app.appId(), subject(jwt)), app.appId(), app.admin());
    }
    String token = bearer(request);
    String claimedApp = unverifiedAppId(token);
    Optional<ApplicationView> found = findApplication(claimedApp);
    if (found.isEmpty()) {
      verify(jwtDecoder, token); // a forged token learns nothing of which applications exist
      throw new Rejected("Unknown application in token app_id claim");
    }
    ApplicationView app = found.get();
    if (!app.active()) {
      throw new Rejected("Application '" + app.appId() + "' is disabled");
    }
    Jwt jwt = decode(token, app);
    if (!claimedApp.equals(String.valueOf(jwt.getClaims().get("app_id")))) {
      throw new Rejected("Invalid token");
    }
    String user = subject(jwt);
    if (app.admin() && !app.ownSigningKey() && settings.jwksUrl() == null) {
      // every application holds SECRET_KEY: only an operator's key may name an admin one (the
      // service's JWT_PUBLIC_KEY_URL, or a key an admin registered for that application)
      throw new Rejected(
          "Token names an admin application; in jwt_only mode that needs a token signed by the"
              + " operator's keys (JWT_PUBLIC_KEY_URL or the application's own key), not"
              + " SECRET_KEY");
    }
    return new Caller(scopes.user(app.appId(), user), app.appId(), app.admin());
  }

  /**
   * The {@code app_id} claim of a token not yet verified: it only chooses the key the token is then
   * verified with (and the verified token must name the same application).
   */
  private static String unverifiedAppId(String token) {
    Object claim;
    try {
      claim = com.nimbusds.jwt.JWTParser.parse(token).getJWTClaimsSet().getClaim("app_id");
    } catch (java.text.ParseException | RuntimeException e) {
      throw new Rejected("Invalid token");
    }
    if (claim == null || claim.toString().isBlank()) {
      throw new Rejected("Token has no app_id claim (required in jwt_only mode)");
    }
    if (claim.toString().length() > 255) {
      throw new Rejected("Invalid token");
    }
    return claim.toString();
  }

  private Optional<ApplicationView> findApplication(String appId) {
    return queries
        .query(
            new FindApplicationQuery(appId, -1),
            ResponseTypes.optionalInstanceOf(ApplicationView.class))
        .join();
  }

  private String bearer(HttpServletRequest request) {
    String authorization = header(request, "Authorization");
    if (authorization == null) {
      throw new Rejected("Missing bearer token: send Authorization: Bearer <jwt>");
    }
    if (authorization.length() < 7 || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      throw new Rejected("Invalid Authorization header: expected Bearer <jwt>");
    }
    String token = authorization.substring(7).trim();
    if (token.isEmpty()) {
      throw new Rejected("Missing bearer token: send Authorization: Bearer <jwt>");
    }
    if (token.length() > MAX_TOKEN_LENGTH) {
      throw new Rejected("Invalid token");
    }
    return token;
  }

  /**
   * Verifies {@code token} with the key {@code app}'s users sign with: its own when it registered
   * one, else the service's. A remembered token counts only for the key that verified it.
   */
  private Jwt decode(String token, ApplicationView app) {
    JwtDecoder decoder = app.ownSigningKey() ? appKeys.decoderFor(app) : jwtDecoder;
    String keyOwner = app.ownSigningKey() ? "app:" + app.appId() : "service";
    String digest = Base64.getEncoder().encodeToString(digest(keyOwner + "\n" + token));
    Jwt known = verifiedTokens.getIfPresent(digest);
    if (known != null && !lifetime(known).isZero()) {
      return known;
    }
    Jwt jwt = verify(decoder, token);
    checkLifetime(jwt);
    if (!lifetime(jwt).isZero()) {
      verifiedTokens.put(digest, jwt);
    }
    return jwt;
  }

  /**
   * Refuses a token that lives longer than {@code JWT_MAX_LIFETIME}: from its {@code iat} when it
   * has one (and that is not in the future), else from now.
   */
  private void checkLifetime(Jwt jwt) {
    Instant expires = jwt.getExpiresAt();
    if (expires == null) {
      return;
    }
    Instant now = Instant.now();
    Instant issued = jwt.getIssuedAt();
    Instant from = issued == null || issued.isAfter(now) ? now : issued;
    if (Duration.between(from, expires).compareTo(settings.jwtMaxLifetime()) > 0) {
      throw new Rejected(
          "Token lifetime exceeds JWT_MAX_LIFETIME (" + settings.jwtMaxLifetime() + ")");
    }
  }

  /** How much longer {@code jwt} may be taken from memory: until its exp, capped. */
  private static Duration lifetime(Jwt jwt) {
    Instant expires = jwt.getExpiresAt();
    if (expires == null) {
      return Duration.ZERO;
    }
    Duration left = Duration.between(Instant.now(), expires);
    if (left.isNegative()) {
      return Duration.ZERO;
    }
    return left.compareTo(TOKEN_MEMORY) > 0 ? TOKEN_MEMORY : left;
  }

  private Jwt verify(JwtDecoder decoder, String token) {
    try {
      return decoder.decode(token);
    } catch (JwtValidationException e) {
      String reasons =
          e.getErrors().stream()
              .map(error -> String.valueOf(error.getDescription()))
              .toList()
              .toString();
      if (reasons.contains("expired")) {
        throw new Rejected("Token has expired");
      }
      if (reasons.contains("iss")) {
        throw new Rejected("Token issuer is not accepted");
      }
      if (reasons.contains("aud")) {
        throw new Rejected("Token audience is not accepted");
      }
      throw new Rejected("Invalid token");
    } catch (BadJwtException e) {
      // Nimbus checks exp itself before Spring's validators run on some decoders.
      if (String.valueOf(e.getMessage()).contains("Expired")) {
        throw new Rejected("Token has expired");
      }
      throw new Rejected("Invalid token");
    } catch (JwtException | IllegalArgumentException e) {
      if (keysUnreachable(e)) {
        throw new KeysUnavailable();
      }
      throw new Rejected("Invalid token");
    }
  }

  /** A JWKS fetch that failed or timed out, as opposed to a token that is simply wrong. */
  private static boolean keysUnreachable(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof com.nimbusds.jose.KeySourceException
          || t instanceof org.springframework.web.client.ResourceAccessException
          || t instanceof java.net.SocketTimeoutException) {
        return true;
      }
    }
    return String.valueOf(error.getMessage()).contains("Couldn't retrieve remote JWK set");
  }

  private static String subject(Jwt jwt) {
    String subject = jwt.getSubject();
    if (subject == null || subject.isBlank()) {
      throw new Rejected("Token has no subject (sub claim)");
    }
    if (subject.length() > 255) {
      throw new Rejected("Invalid token");
    }
    if (subject.startsWith(Caller.RESERVED_PREFIX)) {
      throw new Rejected(
          "Token subject may not start with '"
              + Caller.RESERVED_PREFIX
              + "' (reserved for the service's own principals)");
    }
    return subject;
  }

  private static @Nullable String header(HttpServletRequest request, String name) {
    String value = request.getHeader(name);
    return value == null || value.isBlank() ? null : value.trim();
  }

  private void problem(
      HttpServletRequest request,
      HttpServletResponse response,
      HttpStatus status,
      @Nullable String reason)
      throws IOException {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, reason);
    try {
      problem.setInstance(URI.create(request.getRequestURI().replace(" ", "%20")));
    } catch (IllegalArgumentException ignored) {
      // a path that is no valid URI is simply not echoed
    }
    Problems.complete(problem, status, request.getAttribute(RequestIds.ATTRIBUTE));
    response.setStatus(status.value());
    response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
    response.setCharacterEncoding(StandardCharsets.UTF_8.name());
    json.writeValue(response.getOutputStream(), problem);
  }

  private static byte[] digest(String value) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
