package io.amplifier.appapi.platform.web;

import io.amplifier.appapi.platform.operations.LogFields;
import io.amplifier.appapi.platform.operations.RequestIds;
import io.amplifier.appapi.platform.problems.InputRejectedException;
import io.amplifier.appapi.platform.problems.Problems;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Enumeration;
import org.jspecify.annotations.Nullable;
import org.slf4j.MDC;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The service's edge, in one pass over the request before Spring Security: it reads every header
 * once, gives the request its id ({@link RequestIds}), then refuses, in this order, a cross-site
 * state change (403, {@link CrossSiteRequests}), a body declared over the limit (413, {@link
 * RequestSizeLimit}) and text that could not be stored in the path, the query or a header (422,
 * {@link TextInputs}); what passes goes on with its body counted against the limit. An error
 * dispatch only keeps the request's id and its log fields.
 *
 * <p>It runs after the HTTP server's observation filter, so refusals are counted in {@code
 * http.server.requests} like every other answer.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 2)
class EdgeFilter extends OncePerRequestFilter {

  private final CrossSiteRequests crossSite;
  private final RequestSizeLimit size;

  EdgeFilter(CrossSiteRequests crossSite, RequestSizeLimit size) {
    this.crossSite = crossSite;
    this.size = size;
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    Headers headers = Headers.read(request);
    MDC.put(LogFields.REQUEST_ID, RequestIds.assign(request, response, headers.requestId));
    try {
      if (request.getDispatcherType() == DispatcherType.ERROR) {
        chain.doFilter(request, response);
      } else if (crossSite.refuses(
          request.getMethod(), headers.origin, headers.fetchSite, headers.host)) {
        crossSite.refuse(request, response);
      } else if (size.declaredTooLarge(request)) {
        size.refuse(request, response);
      } else {
        InputRejectedException refused = TextInputs.check(request, headers.badHeader);
        if (refused != null) {
          Problems.write(
              response,
              Problems.invalidField(
                  refused.field(),
                  refused.getMessage(),
                  request.getAttribute(RequestIds.ATTRIBUTE)));
        } else {
          passLimited(request, response, chain);
        }
      }
    } finally {
      MDC.remove(LogFields.REQUEST_ID);
      MDC.remove(LogFields.USER_ID);
      MDC.remove(LogFields.APP_ID);
    }
  }

  private void passLimited(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    try {
      chain.doFilter(size.limited(request), response);
    } catch (IOException | ServletException | RuntimeException e) {
      if (!RequestSizeLimit.tooLarge(e) || response.isCommitted()) {
        throw e;
      }
      response.resetBuffer();
      size.refuse(request, response);
    }
  }

  @Override
  protected boolean shouldNotFilterErrorDispatch() {
    return false;
  }

  /** The headers the edge needs, and the first one whose value may not pass: one read of each. */
  private static final class Headers {
    @Nullable String requestId;
    @Nullable String origin;
    @Nullable String fetchSite;
    @Nullable String host;
    @Nullable String badHeader;

    static Headers read(HttpServletRequest request) {
      Headers headers = new Headers();
      Enumeration<String> names = request.getHeaderNames();
      while (names.hasMoreElements()) {
        String name = names.nextElement();
        Enumeration<String> values = request.getHeaders(name);
        while (values.hasMoreElements()) {
          String value = values.nextElement();
          if (headers.badHeader == null && TextInputs.badHeaderValue(value)) {
            headers.badHeader = name;
          }
          headers.keep(name, value);
        }
      }
      return headers;
    }

    /** The first value of each header the edge reads, as {@code getHeader} would give it. */
    private void keep(String name, String value) {
      if (requestId == null && RequestIds.HEADER.equalsIgnoreCase(name)) {
        requestId = value;
      } else if (origin == null && "Origin".equalsIgnoreCase(name)) {
        origin = value;
      } else if (fetchSite == null && "Sec-Fetch-Site".equalsIgnoreCase(name)) {
        fetchSite = value;
      } else if (host == null && "Host".equalsIgnoreCase(name)) {
        host = value;
      }
    }
  }
}
