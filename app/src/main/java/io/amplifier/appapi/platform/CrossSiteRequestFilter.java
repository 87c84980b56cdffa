package io.amplifier.appapi.platform;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses state-changing requests that a browser sends on behalf of another site, in every mode: a
 * web page elsewhere must not drive a local dev-mode service (where every caller is trusted) nor
 * ride on credentials a browser holds. A request is cross-site when {@code Sec-Fetch-Site} says
 * {@code cross-site} or {@code same-site}, or its {@code Origin} is neither this service's own nor
 * listed in {@code ALLOWED_ORIGINS}. Clients that are not browsers send neither header and pass.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 1)
class CrossSiteRequestFilter extends OncePerRequestFilter {

  private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS", "TRACE");

  private final Set<String> allowedOrigins;
  private final ObjectMapper json;

  CrossSiteRequestFilter(Environment env, ObjectMapper json) {
    this.allowedOrigins =
        Arrays.stream(env.getProperty("ALLOWED_ORIGINS", "").split(","))
            .map(String::trim)
            .filter(o -> !o.isEmpty())
            .map(o -> o.toLowerCase(Locale.ROOT))
            .collect(Collectors.toUnmodifiableSet());
    this.json = json;
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    if (SAFE_METHODS.contains(request.getMethod()) || !crossSite(request)) {
      chain.doFilter(request, response);
      return;
    }
    ProblemDetail problem =
        ProblemDetail.forStatusAndDetail(
            HttpStatus.FORBIDDEN,
            "Cross-site request refused: state-changing requests from another origin are not accepted"
                + " (list trusted web origins in ALLOWED_ORIGINS)");
    problem.setType(URI.create("/problems/cross-site-request"));
    Problems.complete(
        problem, HttpStatus.FORBIDDEN, request.getAttribute(RequestIdFilter.ATTRIBUTE));
    response.setStatus(HttpStatus.FORBIDDEN.value());
    response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
    response.setCharacterEncoding(StandardCharsets.UTF_8.name());
    json.writeValue(response.getOutputStream(), problem);
  }

  private boolean crossSite(HttpServletRequest request) {
    String origin = request.getHeader("Origin");
    if (origin != null && !origin.isBlank()) {
      String normalized = origin.trim().toLowerCase(Locale.ROOT);
      if (allowedOrigins.contains(normalized)) {
        return false;
      }
      return !sameOrigin(normalized, request);
    }
    String site = request.getHeader("Sec-Fetch-Site");
    return site != null
        && ("cross-site".equalsIgnoreCase(site.trim())
            || "same-site".equalsIgnoreCase(site.trim()));
  }

  /** The Origin names this very service: same host and port as the request's Host. */
  private static boolean sameOrigin(String origin, HttpServletRequest request) {
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
    String host = request.getHeader("Host");
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
