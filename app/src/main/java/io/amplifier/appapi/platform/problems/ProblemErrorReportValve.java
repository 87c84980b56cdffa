package io.amplifier.appapi.platform.problems;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.Writer;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;
import org.apache.tomcat.util.res.StringManager;
import org.springframework.http.HttpStatus;

/**
 * Tomcat's own error reports (a malformed request line or path, control characters or too many
 * bytes in the headers: everything refused before a servlet runs) as RFC 9457 problem+json instead
 * of Tomcat's HTML page. Headers over {@code server.max-http-request-header-size} are a 431. The
 * detail is fixed per status: nothing from the request is echoed.
 */
public class ProblemErrorReportValve extends ErrorReportValve {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String HEADER_TOO_LARGE =
      StringManager.getManager("org.apache.coyote.http11")
          .getString("iib.requestheadertoolarge.error");

  public ProblemErrorReportValve() {
    setShowReport(false);
    setShowServerInfo(false);
  }

  @Override
  protected void report(Request request, Response response, Throwable throwable) {
    int status = response.getStatus();
    if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
      return;
    }
    AtomicBoolean ioAllowed = new AtomicBoolean(false);
    response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
    if (!ioAllowed.get()) {
      return;
    }
    if (status == 400 && headerTooLarge(throwable)) {
      status = HttpStatus.REQUEST_HEADER_FIELDS_TOO_LARGE.value();
      response.setStatus(status);
    }
    HttpStatus known = HttpStatus.resolve(status);
    String title = known == null ? "Error " + status : known.getReasonPhrase();
    java.util.Map<String, Object> body = new java.util.LinkedHashMap<>();
    body.put(
        "type",
        Problems.typeFor(org.springframework.http.HttpStatusCode.valueOf(status)).toString());
    body.put("title", title);
    body.put("status", status);
    body.put("detail", detail(status, title));
    try {
      response.setContentType("application/problem+json");
      response.setCharacterEncoding("utf-8");
      Writer writer = response.getReporter();
      if (writer != null) {
        writer.write(JSON.writeValueAsString(body));
        response.finishResponse();
      }
    } catch (IOException | IllegalStateException e) {
      // The client is gone or the response cannot take a body: nothing left to tell it.
    }
  }

  private static String detail(int status, String title) {
    return switch (status) {
      case 400 -> "The request is malformed (request line, path or headers)";
      case 431 -> "The request headers are too large";
      case 414 -> "The request line is too long";
      default -> title;
    };
  }

  private static boolean headerTooLarge(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
      String message = t.getMessage();
      if (message != null
          && (message.equals(HEADER_TOO_LARGE)
              || message.toLowerCase(Locale.ROOT).contains("header is too large"))) {
        return true;
      }
    }
    return false;
  }
}
