package io.amplifier.appapi.platform.problems;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;

/**
 * Completes problem details so that {@code type}, {@code title}, {@code status} and {@code detail}
 * are always present: clients of the original service read {@code detail}.
 */
public final class Problems {

  private static final ObjectMapper JSON = new ObjectMapper();

  private Problems() {}

  /** A completed 422 problem with one {@code errors} entry naming {@code field}. */
  public static ProblemDetail invalidField(
      String field, @Nullable String message, @Nullable Object requestId) {
    ProblemDetail problem = ProblemDetail.forStatus(HttpStatus.UNPROCESSABLE_ENTITY);
    problem.setDetail("Validation failed: " + field + " " + message);
    problem.setProperty("errors", List.of(Map.of("field", field, "message", message)));
    return complete(problem, HttpStatus.UNPROCESSABLE_ENTITY, requestId);
  }

  /**
   * Writes {@code problem} as problem+json where Spring MVC does not run: servlet filters and the
   * container's own error reports.
   */
  public static void write(HttpServletResponse response, ProblemDetail problem) throws IOException {
    response.setStatus(problem.getStatus());
    response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
    response.setCharacterEncoding(StandardCharsets.UTF_8.name());
    response.getOutputStream().write(JSON.writeValueAsBytes(asMap(problem)));
    response.flushBuffer();
  }

  static Map<String, Object> asMap(ProblemDetail problem) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("type", String.valueOf(problem.getType()));
    body.put("title", problem.getTitle());
    body.put("status", problem.getStatus());
    body.put("detail", problem.getDetail());
    if (problem.getInstance() != null) {
      body.put("instance", problem.getInstance().toString());
    }
    if (problem.getProperties() != null) {
      body.putAll(problem.getProperties());
    }
    return body;
  }

  public static ProblemDetail complete(
      ProblemDetail problem, HttpStatusCode status, @Nullable Object requestId) {
    HttpStatus known = HttpStatus.resolve(status.value());
    String title = known != null ? known.getReasonPhrase() : "Error " + status.value();
    if (problem.getType() == null || "about:blank".equals(problem.getType().toString())) {
      problem.setType(typeFor(status));
    }
    if (problem.getTitle() == null) {
      problem.setTitle(title);
    }
    if (problem.getDetail() == null || problem.getDetail().isBlank()) {
      problem.setDetail(title);
    }
    if (requestId != null) {
      problem.setProperty("request_id", requestId.toString());
    }
    return problem;
  }

  /** A stable, documented problem type per status, e.g. {@code /problems/not-found}. */
  static URI typeFor(HttpStatusCode status) {
    HttpStatus known = HttpStatus.resolve(status.value());
    String slug =
        switch (status.value()) {
          case 422 -> "validation-error";
          case 500 -> "internal-error";
          default ->
              known == null
                  ? "error-" + status.value()
                  : known.name().toLowerCase(Locale.ROOT).replace('_', '-');
        };
    return URI.create("/problems/" + slug);
  }
}
