package io.amplifier.appapi.platform.operations;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.UUID;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Every request's id: the client's {@code X-Request-ID} when it is sane, else a new UUID. {@link
 * EdgeFilter} echoes it on the response, puts it in the log MDC and the request's {@link
 * #ATTRIBUTE}, from where it goes into every event's metadata and every problem.
 */
public final class RequestIds {

  public static final String HEADER = "X-Request-ID";
  public static final String ATTRIBUTE = RequestIds.class.getName();
  private static final Pattern SANE = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

  private RequestIds() {}

  /**
   * The request's id, given once: an error dispatch of the same request keeps the id its first
   * dispatch had.
   */
  public static String assign(
      HttpServletRequest request, HttpServletResponse response, @Nullable String given) {
    Object known = request.getAttribute(ATTRIBUTE);
    String id =
        known instanceof String assigned
            ? assigned
            : given != null && SANE.matcher(given).matches() ? given : UUID.randomUUID().toString();
    request.setAttribute(ATTRIBUTE, id);
    response.setHeader(HEADER, id);
    return id;
  }
}
