package io.amplifier.appapi.platform.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.amplifier.appapi.platform.operations.RequestIds;
import io.amplifier.appapi.platform.problems.Problems;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;

/**
 * Refuses state-changing requests that a browser sends on behalf of another site, in every mode: a
 * web page elsewhere must not drive a local dev-mode service (where every caller is trusted) nor
 * ride on credentials a browser holds. A request is cross-site when {@code Sec-Fetch-Site} says
 * {@code cross-site} or {@code same-site}, or its {@code Origin} is neither this service's own nor
 * listed in {@code ALLOWED_ORIGINS}. Clients that are not browsers send neither header and pass.
 */
@Component
class CrossSiteRequests {

  private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS", "TRACE");

  private final Set<String> allowedOrigins;
  private final ObjectMapper json;

  CrossSiteRequests(Environment env, ObjectMapper json) {
    this.allowedOrigins =
        Arrays.stream(env.getProperty("ALLOWED_ORIGINS", "").split(","))
            .map(String::trim)
            .filter(o -> !o.isEmpty())
            .map(o -> o.toLowerCase(Locale.ROOT))
            .collect(Collectors.toUnmodifiableSet());
    this.json = json;
  }

  /**
   * Whether to refuse the request: a state-changing method from another site. The headers are the
   * request's, as {@link EdgeFilter} read them.
   */
  boolean refuses(
      String method, @Nullable String origin, @Nullable String fetchSite, @Nullable String host) {
    return !SAFE_METHODS.contains(method) && crossSite(origin, fetchSite, host);
  }

  void refuse(HttpServletRequest request, HttpServletResponse response) throws IOException {
    ProblemDetail problem =
        ProblemDetail.forStatusAndDetail(
            HttpStatus.FORBIDDEN,
            "Cross-site request refused: state-changing requests from another origin are not accepted"
                + " (list trusted web origins in ALLOWED_ORIGINS)");
    problem.setType(URI.create("/problems/cross-site-request"));
    Problems.complete(problem, HttpStatus.FORBIDDEN, request.getAttribute(RequestIds.ATTRIBUTE));
    response.setStatus(HttpStatus.FORBIDDEN.value());
    response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
    response.setCharacterEncoding(StandardCharsets.UTF_8.name());
    json.writeValue(response.getOutputStream(), problem);
  }

  private boolean crossSite(@Nullable String origin, @Nullable String site, @Nullable String host) {
    if (origin != null && !origin.isBlank()) {
      String normalized = origin.trim().toLowerCase(Locale.ROOT);
      if (allowedOrigins.contains(normalized)) {
        return false;
      }
      return !sameOrigin(normalized, host);
    }
    return site != null
        && ("cross-site".equalsIgnoreCase(site.trim())
            || "same-site".equalsIgnoreCase(site.trim()));
  }

  /** The Origin names this very service: same host and port as the request's Host. */
  private static boolean sameOrigin(String origin, @Nullable String host) {
    if ("null".equals(origin)) {
      return false;
    }
    URI uri;
    try {
      uri = URI.create(origin);
    } catch (IllegalArgumentException e) {
      return false;
    }
    if (uri.getHost() == null || uri.getScheme() == null) {
      return false;
    }
    int port = uri.getPort() != -1 ? uri.getPort() : ("https".equals(uri.getScheme()) ? 443 : 80);
    if (host == null) {
      return false;
    }
    String expected = host.trim().toLowerCase(Locale.ROOT);
    String hostPart =
        uri.getHost().contains(":") && !uri.getHost().startsWith("[")
            ? "[" + uri.getHost() + "]"
            : uri.getHost();
    return expected.equals(hostPart + ":" + port)
        || (expected.equals(hostPart) && port == ("https".equals(uri.getScheme()) ? 443 : 80));
  }
}
