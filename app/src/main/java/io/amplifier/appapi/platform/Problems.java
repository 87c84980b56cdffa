package io.amplifier.appapi.platform;

import java.net.URI;
import java.util.Locale;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;

/**
 * Completes problem details so that {@code type}, {@code title}, {@code status} and {@code detail}
 * are always present: clients of the original service read {@code detail}.
 */
final class Problems {

  private Problems() {}

  static ProblemDetail complete(ProblemDetail problem, HttpStatusCode status, Object requestId) {
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
