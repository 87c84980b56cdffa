package io.amplifier.appapi.platform.web;

import io.amplifier.appapi.platform.problems.InputRejectedException;
import io.amplifier.appapi.platform.problems.StorableText;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/**
 * What {@link EdgeFilter} refuses with a 422 naming the field: text in the path or the query
 * parameters that PostgreSQL could not store ({@link StorableText}), and header values with control
 * characters. Such a value must never reach a command, an event or a log line. Bodies are checked
 * by {@link BodyTextAdvice}.
 */
final class TextInputs {

  private TextInputs() {}

  /**
   * The first text of the request's path or query that could not be stored, else the header {@code
   * badHeader} found at fault (as {@link EdgeFilter} reads the headers once), else null.
   */
  static @Nullable InputRejectedException check(
      HttpServletRequest request, @Nullable String badHeader) {
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
    return badHeader == null
        ? null
        : new InputRejectedException(
            StorableText.printable(badHeader), "must not contain control characters");
  }

  /** Whether a header's value may not pass: control characters, or text that cannot be stored. */
  static boolean badHeaderValue(String value) {
    return controlCharacters(value) || StorableText.problem(value) != null;
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
}
