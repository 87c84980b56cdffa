package io.amplifier.appapi.platform;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import org.jspecify.annotations.Nullable;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses, with a 422 naming the field, text in the path or the query parameters that PostgreSQL
 * could not store ({@link StorableText}), and header values with control characters: such a value
 * must never reach a command, an event or a log line. Bodies are checked by {@link BodyTextAdvice}.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 20)
class TextInputFilter extends OncePerRequestFilter {

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    InputRejectedException refused = check(request);
    if (refused != null) {
      Problems.write(
          response,
          Problems.invalidField(
              refused.field(),
              refused.getMessage(),
              request.getAttribute(RequestIdFilter.ATTRIBUTE)));
      return;
    }
    chain.doFilter(request, response);
  }

  private static @Nullable InputRejectedException check(HttpServletRequest request) {
    String path = decode(request.getRequestURI());
    String pathProblem = path == null ? null : StorableText.problem(path);
    if (pathProblem != null) {
      return new InputRejectedException("path", pathProblem);
    }
    String query = request.getQueryString();
    if (query != null) {
      for (String pair : query.split("&")) {
        int eq = pair.indexOf('=');
        String name = decode(eq < 0 ? pair : pair.substring(0, eq));
        String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
        if (name == null || value == null) {
          continue;
        }
        String problem = StorableText.problem(name);
        if (problem == null) {
          problem = StorableText.problem(value);
        }
        if (problem != null) {
          return new InputRejectedException(StorableText.printable(name), problem);
        }
      }
    }
    for (String header : Collections.list(request.getHeaderNames())) {
      for (String value : Collections.list(request.getHeaders(header))) {
        if (controlCharacters(value) || StorableText.problem(value) != null) {
          return new InputRejectedException(
              StorableText.printable(header), "must not contain control characters");
        }
      }
    }
    return null;
  }

  /** NUL and the other C0 controls but tab, and DEL: never part of a name, id or header. */
  private static boolean controlCharacters(String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if ((c < 0x20 && c != '\t') || c == 0x7f) {
        return true;
      }
    }
    return false;
  }

  private static @Nullable String decode(String text) {
    try {
      return URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException malformed) {
      return null;
    }
  }

  @Override
  protected boolean shouldNotFilterErrorDispatch() {
    return true;
  }
}
