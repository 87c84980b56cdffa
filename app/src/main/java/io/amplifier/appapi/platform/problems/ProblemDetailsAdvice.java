package io.amplifier.appapi.platform.problems;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.amplifier.appapi.platform.api.Problem;
import io.amplifier.appapi.platform.api.ProblemMapping;
import io.amplifier.appapi.platform.eventstore.Failures;
import io.amplifier.appapi.platform.operations.RequestIds;
import io.amplifier.appapi.platform.projections.InlineViews;
import io.amplifier.appapi.platform.web.RequestSizeLimit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.axonframework.commandhandling.CommandExecutionException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.validation.FieldError;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * The one place that turns exceptions into RFC 9457 problem+json. Bad input is 422 with an {@code
 * errors} array naming each field; nothing a client sends produces a 500 or a stack trace. A
 * module's own refusals are translated by its {@link ProblemMapping} for its controllers' routes.
 */
@RestControllerAdvice
public class ProblemDetailsAdvice extends ResponseEntityExceptionHandler {

  private static final Logger log = LoggerFactory.getLogger(ProblemDetailsAdvice.class);
  private static final HttpStatus UNPROCESSABLE = HttpStatus.UNPROCESSABLE_ENTITY;

  private final List<ProblemMapping> mappings;

  ProblemDetailsAdvice(List<ProblemMapping> mappings) {
    this.mappings = List.copyOf(mappings);
  }

  @Override
  protected ResponseEntity<Object> handleExceptionInternal(
      Exception ex, Object body, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
    ProblemDetail problem;
    if (body instanceof ProblemDetail given) {
      problem = given;
    } else if (ex instanceof ErrorResponse error) {
      problem = error.updateAndGetBody(getMessageSource(), LocaleContextHolder.getLocale());
    } else {
      problem = ProblemDetail.forStatus(status);
    }
    if (ex instanceof NoResourceFoundException) {
      problem.setDetail("Not Found");
    }
    Problems.complete(problem, status, requestId(request));
    return super.handleExceptionInternal(ex, problem, headers, status, request);
  }

  @Override
  protected ResponseEntity<Object> handleHttpMessageNotReadable(
      HttpMessageNotReadableException ex,
      HttpHeaders headers,
      HttpStatusCode status,
      WebRequest request) {
    if (RequestSizeLimit.tooLarge(ex)) {
      ProblemDetail tooLarge =
          ProblemDetail.forStatusAndDetail(
              HttpStatus.PAYLOAD_TOO_LARGE, "Request body is larger than the service accepts");
      tooLarge.setProperty("errors", List.of(Map.of("field", "body", "message", "is too large")));
      headers.set(HttpHeaders.CONNECTION, "close");
      return handleExceptionInternal(ex, tooLarge, headers, HttpStatus.PAYLOAD_TOO_LARGE, request);
    }
    ProblemDetail problem = ProblemDetail.forStatus(UNPROCESSABLE);
    problem.setTitle("Unprocessable Entity");
    Throwable cause = ex.getCause();
    String limited = parserLimit(ex);
    if (limited != null) {
      String field = limited.substring(0, limited.indexOf('\n'));
      String message = limited.substring(limited.indexOf('\n') + 1);
      problem.setDetail("Invalid request body: field '" + field + "' " + message);
      problem.setProperty("errors", List.of(Map.of("field", field, "message", message)));
    } else if (cause instanceof MismatchedInputException mismatch
        && !mismatch.getPath().isEmpty()) {
      String field = path(mismatch);
      String message =
          mismatch instanceof InvalidFormatException
              ? "has an invalid value"
              : "has the wrong type (expected " + expected(mismatch) + ")";
      problem.setDetail("Invalid request body: field '" + field + "' " + message);
      problem.setProperty("errors", List.of(Map.of("field", field, "message", message)));
    } else if (cause instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
      String field = path(mapping);
      problem.setDetail("Invalid request body: field '" + field + "' is not valid");
      problem.setProperty("errors", List.of(Map.of("field", field, "message", "is not valid")));
    } else {
      problem.setDetail("Malformed JSON request body");
      problem.setProperty(
          "errors", List.of(Map.of("field", "body", "message", "is not valid JSON")));
    }
    return handleExceptionInternal(ex, problem, headers, UNPROCESSABLE, request);
  }

  @Override
  protected ResponseEntity<Object> handleMethodArgumentNotValid(
      MethodArgumentNotValidException ex,
      HttpHeaders headers,
      HttpStatusCode status,
      WebRequest request) {
    List<Map<String, String>> errors = new ArrayList<>();
    for (FieldError error : ex.getBindingResult().getFieldErrors()) {
      errors.add(
          Map.of(
              "field", snake(error.getField()),
              "message", String.valueOf(error.getDefaultMessage())));
    }
    ex.getBindingResult()
        .getGlobalErrors()
        .forEach(
            e ->
                errors.add(
                    Map.of(
                        "field", e.getObjectName(),
                        "message", String.valueOf(e.getDefaultMessage()))));
    return validationProblem(ex, errors, headers, request);
  }

  @Override
  protected ResponseEntity<Object> handleHandlerMethodValidationException(
      HandlerMethodValidationException ex,
      HttpHeaders headers,
      HttpStatusCode status,
      WebRequest request) {
    List<Map<String, String>> errors = new ArrayList<>();
    ex.getParameterValidationResults()
        .forEach(
            result ->
                result
                    .getResolvableErrors()
                    .forEach(
                        error ->
                            errors.add(
                                Map.of(
                                    "field",
                                    snake(
                                        String.valueOf(
                                            result.getMethodParameter().getParameterName())),
                                    "message",
                                    String.valueOf(error.getDefaultMessage())))));
    return validationProblem(ex, errors, headers, request);
  }

  private ResponseEntity<Object> validationProblem(
      Exception ex, List<Map<String, String>> errors, HttpHeaders headers, WebRequest request) {
    ProblemDetail problem = ProblemDetail.forStatus(UNPROCESSABLE);
    problem.setTitle("Unprocessable Entity");
    StringBuilder detail = new StringBuilder("Validation failed: ");
    for (int i = 0; i < errors.size(); i++) {
      detail
          .append(i == 0 ? "" : "; ")
          .append(errors.get(i).get("field"))
          .append(' ')
          .append(errors.get(i).get("message"));
    }
    problem.setDetail(detail.toString());
    problem.setProperty("errors", errors);
    return handleExceptionInternal(ex, problem, headers, UNPROCESSABLE, request);
  }

  @Override
  protected ResponseEntity<Object> handleTypeMismatch(
      org.springframework.beans.TypeMismatchException ex,
      HttpHeaders headers,
      HttpStatusCode status,
      WebRequest request) {
    String field =
        ex
                instanceof
                org.springframework.web.method.annotation.MethodArgumentTypeMismatchException m
            ? m.getName()
            : String.valueOf(ex.getPropertyName());
    return validationProblem(
        ex,
        List.of(Map.of("field", snake(field), "message", "has an invalid value")),
        headers,
        request);
  }

  /** No thread left to write one more stream: the caller may retry shortly. */
  @ExceptionHandler(org.springframework.core.task.TaskRejectedException.class)
  ResponseEntity<Object> noThreadLeft(
      org.springframework.core.task.TaskRejectedException ex, WebRequest request) {
    return problem(
        ex,
        HttpStatus.SERVICE_UNAVAILABLE,
        "The service is handling as many streams as it may; try again shortly",
        "5",
        request);
  }

  /**
   * What Spring Security's firewall refuses once a handler reads it (a header with non-ASCII
   * characters): a 400 naming no value, as every other refusal.
   */
  @ExceptionHandler(RequestRejectedException.class)
  ResponseEntity<Object> firewallRefused(RequestRejectedException ex, WebRequest request) {
    return problem(
        ex,
        HttpStatus.BAD_REQUEST,
        "The request was refused: a header or the path holds characters this service does not"
            + " accept",
        null,
        request);
  }

  @ExceptionHandler(InputRejectedException.class)
  ResponseEntity<Object> inputRejected(InputRejectedException ex, WebRequest request) {
    return validationProblem(
        ex,
        List.of(Map.of("field", ex.field(), "message", ex.getMessage())),
        new HttpHeaders(),
        request);
  }

  /** No caller where one is required: 401. */
  @ExceptionHandler(UnauthenticatedException.class)
  ResponseEntity<Object> unauthenticated(UnauthenticatedException ex, WebRequest request) {
    return refused(ex, HttpStatus.UNAUTHORIZED, request);
  }

  /** Another request holds this Idempotency-Key: 409. */
  @ExceptionHandler(IdempotencyConflictException.class)
  ResponseEntity<Object> idempotencyConflict(IdempotencyConflictException ex, WebRequest request) {
    return refused(ex, HttpStatus.CONFLICT, request);
  }

  private ResponseEntity<Object> refused(Exception ex, HttpStatus status, WebRequest request) {
    return problem(ex, status, ex.getMessage(), null, request);
  }

  /** A problem of {@code status} telling {@code detail}; {@code retryAfter} in seconds, or none. */
  private ResponseEntity<Object> problem(
      Exception ex,
      HttpStatus status,
      @Nullable String detail,
      @Nullable String retryAfter,
      WebRequest request) {
    HttpHeaders headers = new HttpHeaders();
    if (retryAfter != null) {
      headers.set(HttpHeaders.RETRY_AFTER, retryAfter);
    }
    return handleExceptionInternal(
        ex, ProblemDetail.forStatusAndDetail(status, detail), headers, status, request);
  }

  @ExceptionHandler(CommandExecutionException.class)
  ResponseEntity<Object> commandFailed(
      CommandExecutionException ex, WebRequest request, @Nullable HandlerMethod handler) {
    return unexpected(ex, request, handler);
  }

  /**
   * A module's refusal as its {@link ProblemMapping} says; otherwise, whatever wraps it, a lost
   * race is a 409 and an unreachable database a 503 with {@code Retry-After}; only the rest is a
   * 500.
   */
  @ExceptionHandler(Exception.class)
  ResponseEntity<Object> unexpected(
      Exception ex, WebRequest request, @Nullable HandlerMethod handler) {
    Optional<Problem> mapped = mapped(ex, handler);
    if (mapped.isPresent()) {
      Problem problem = mapped.get();
      HttpHeaders headers = new HttpHeaders();
      problem.headers().forEach(headers::set);
      return handleExceptionInternal(
          ex, problem.toProblemDetail(), headers, problem.status(), request);
    }
    if (Failures.isConflict(ex)) {
      return problem(
          ex,
          HttpStatus.CONFLICT,
          "The resource was changed concurrently; read it and retry",
          null,
          request);
    }
    if (Failures.isDatabaseUnavailable(ex)) {
      log.warn("Database unavailable: {}", ex.getClass().getName());
      return problem(
          ex,
          HttpStatus.SERVICE_UNAVAILABLE,
          "The database is unavailable; retry later",
          Failures.RETRY_AFTER_SECONDS,
          request);
    }
    InlineViews.InlineViewFailedException inline = inlineViewFailure(ex);
    if (inline != null) {
      log.error("{}; the command was rolled back", inline.getMessage());
      return problem(
          ex,
          HttpStatus.SERVICE_UNAVAILABLE,
          "The change was not saved: its read model "
              + inline.view()
              + " could not be written; retry later",
          Failures.RETRY_AFTER_SECONDS,
          request);
    }
    log.error("Unhandled error", ex);
    return problem(ex, HttpStatus.INTERNAL_SERVER_ERROR, "Internal server error", null, request);
  }

  private static InlineViews.@Nullable InlineViewFailedException inlineViewFailure(Throwable ex) {
    int depth = 0;
    for (Throwable t = ex; t != null && depth++ < 32; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof InlineViews.InlineViewFailedException inline) {
        return inline;
      }
    }
    return null;
  }

  private Optional<Problem> mapped(Exception ex, @Nullable HandlerMethod handler) {
    if (handler == null) {
      return Optional.empty();
    }
    Class<?> controller = handler.getBeanType();
    for (ProblemMapping mapping : mappings) {
      if (mapping.controllers().contains(controller)) {
        Optional<Problem> problem = mapping.problemFor(ex);
        if (problem.isPresent()) {
          return problem;
        }
      }
    }
    return Optional.empty();
  }

  /**
   * "field\nmessage" when the body broke a parser limit (nesting, string length, a duplicate key),
   * else null.
   */
  private static @Nullable String parserLimit(Throwable ex) {
    for (Throwable t = ex; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof StreamConstraintsException limit) {
        String field = "body";
        if (ex.getCause() instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
          field = path(mapping);
        }
        String message =
            limit.getMessage() != null && limit.getMessage().contains("depth")
                ? "is nested too deeply"
                : "is too long";
        return field + "\n" + message;
      }
      if (t instanceof JsonParseException parse
          && parse.getOriginalMessage() != null
          && parse.getOriginalMessage().startsWith("Duplicate field '")) {
        String message = parse.getOriginalMessage();
        String name = message.substring("Duplicate field '".length(), message.lastIndexOf('\''));
        String parent =
            parse.getProcessor() != null
                ? contextPath(parse.getProcessor().getParsingContext())
                : "";
        String field = StorableText.printable(parent.isEmpty() ? name : parent + "." + name);
        return field + "\nis given more than once";
      }
    }
    return null;
  }

  /** The dotted path of the object or array {@code context} is in, e.g. {@code config_data.a}. */
  private static String contextPath(JsonStreamContext context) {
    java.util.Deque<String> parts = new java.util.ArrayDeque<>();
    for (JsonStreamContext c = context == null ? null : context.getParent();
        c != null && !c.inRoot();
        c = c.getParent()) {
      if (c.inObject() && c.getCurrentName() != null) {
        parts.addFirst(c.getCurrentName());
      } else if (c.inArray()) {
        parts.addFirst("[" + c.getCurrentIndex() + "]");
      }
    }
    StringBuilder path = new StringBuilder();
    for (String part : parts) {
      if (path.length() > 0 && !part.startsWith("[")) {
        path.append('.');
      }
      path.append(part);
    }
    return path.toString();
  }

  private static Object requestId(WebRequest request) {
    return request.getAttribute(RequestIds.ATTRIBUTE, RequestAttributes.SCOPE_REQUEST);
  }

  private static String path(JsonMappingException e) {
    StringBuilder path = new StringBuilder();
    for (JsonMappingException.Reference ref : e.getPath()) {
      if (ref.getFieldName() != null) {
        if (path.length() > 0) {
          path.append('.');
        }
        path.append(ref.getFieldName());
      } else if (ref.getIndex() >= 0) {
        path.append('[').append(ref.getIndex()).append(']');
      }
    }
    return path.length() == 0 ? "body" : path.toString();
  }

  private static String expected(MismatchedInputException e) {
    Class<?> target = e.getTargetType();
    if (target == null) {
      return "a different type";
    }
    if (com.fasterxml.jackson.databind.node.ObjectNode.class.isAssignableFrom(target)
        || Map.class.isAssignableFrom(target)
        || target.isRecord()) {
      return "a JSON object";
    }
    if (CharSequence.class.isAssignableFrom(target)) {
      return "a string";
    }
    if (List.class.isAssignableFrom(target) || target.isArray()) {
      return "an array";
    }
    if (Number.class.isAssignableFrom(target) || target.isPrimitive()) {
      return "a number or boolean";
    }
    return "a different type";
  }

  public static String snake(String name) {
    return name.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(java.util.Locale.ROOT);
  }
}
