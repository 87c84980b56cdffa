package io.amplifier.appapi.platform;

import io.amplifier.appapi.users.api.Caller;
import io.amplifier.appapi.users.api.UserId;
import jakarta.servlet.http.HttpServletRequest;
import java.util.regex.Pattern;
import org.slf4j.MDC;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ResponseStatusException;

/**
 * Decides who the caller of a request is. Until authentication lands this is the original's dev
 * mode: {@code dev-user} through {@code dev-app} with admin rights, or the plain user named by
 * {@code X-User-ID} for local multi-user trials.
 */
@Component
class CallerResolver {

  static final String USER_HEADER = "X-User-ID";
  private static final String ATTRIBUTE = Caller.class.getName();
  private static final Pattern SANE_USER = Pattern.compile("[A-Za-z0-9._@:|+-]{1,255}");
  private static final Caller DEV =
      new Caller(new UserId("dev-user"), "dev-app", true);

  Caller resolve(HttpServletRequest request) {
    Object cached = request.getAttribute(ATTRIBUTE);
    if (cached instanceof Caller caller) {
      return caller;
    }
    String header = request.getHeader(USER_HEADER);
    Caller caller;
    if (header == null || header.isBlank()) {
      caller = DEV;
    } else if (SANE_USER.matcher(header).matches()) {
      caller = new Caller(new UserId(header), "dev-app", false);
    } else {
      throw new ResponseStatusException(
          HttpStatus.UNAUTHORIZED, "Invalid X-User-ID header: 1-255 characters of [A-Za-z0-9._@:|+-]");
    }
    request.setAttribute(ATTRIBUTE, caller);
    MDC.put("userId", caller.userId().value());
    return caller;
  }
}
