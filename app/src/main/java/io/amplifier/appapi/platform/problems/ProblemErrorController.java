package io.amplifier.appapi.platform.problems;

import io.amplifier.appapi.platform.eventstore.Failures;
import io.amplifier.appapi.platform.operations.RequestIds;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.boot.web.servlet.error.ErrorController;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Errors that never reach a controller (the servlet container's own, a filter's) are answered as
 * problem+json too, never with Boot's white-label page or a stack trace.
 */
@RestController
@io.swagger.v3.oas.annotations.Hidden
class ProblemErrorController implements ErrorController {

  @RequestMapping("${server.error.path:/error}")
  ResponseEntity<ProblemDetail> error(HttpServletRequest request) {
    Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
    if (code == null && request.getAttribute(RequestDispatcher.ERROR_EXCEPTION) == null) {
      // asked for directly: there is no such resource
      code = 404;
    }
    int status = code instanceof Integer value ? value : 500;
    String detail = status >= 500 ? "Internal server error" : null;
    Object message = request.getAttribute(RequestDispatcher.ERROR_MESSAGE);
    if (status < 500 && message instanceof String text && !text.isBlank()) {
      detail = text;
    }
    boolean retryLater = false;
    if (status == 500
        && request.getAttribute(RequestDispatcher.ERROR_EXCEPTION) instanceof Throwable error) {
      // A filter's exception: classify it as the MVC advice would.
      if (error instanceof ErrorResponse response) {
        status = response.getStatusCode().value();
        detail = status >= 500 ? detail : response.getBody().getDetail();
      } else if (Failures.isConflict(error)) {
        status = 409;
        detail = "The resource was changed concurrently; read it and retry";
      } else if (Failures.isDatabaseUnavailable(error)) {
        status = 503;
        detail = "The database is unavailable; retry later";
        retryLater = true;
      }
    }
    HttpStatusCode httpStatus = HttpStatusCode.valueOf(status);
    ProblemDetail problem = ProblemDetail.forStatus(httpStatus);
    problem.setDetail(detail);
    Object path = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
    if (path != null) {
      try {
        problem.setInstance(java.net.URI.create(path.toString().replace(" ", "%20")));
      } catch (IllegalArgumentException notAUri) {
        // a path that is no valid URI is simply not echoed
      }
    }
    Problems.complete(problem, httpStatus, request.getAttribute(RequestIds.ATTRIBUTE));
    ResponseEntity.BodyBuilder answer =
        ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON);
    if (retryLater) {
      answer.header(HttpHeaders.RETRY_AFTER, Failures.RETRY_AFTER_SECONDS);
    }
    return answer.body(problem);
  }
}
