package io.amplifier.appapi.platform.api;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

/**
 * An RFC 9457 answer a module gives for one of its refusals: status, a type under {@code
 * /problems/}, a detail, the fields at fault, any headers (such as {@code Retry-After}) and any
 * extension members of the body (such as {@code running_turn_id}). The application's one advice
 * completes and writes it.
 */
public record Problem(
    HttpStatus status,
    String slug,
    String detail,
    List<FieldProblem> errors,
    Map<String, String> headers,
    Map<String, Object> properties) {

  /**
   * A malformed {@code tags} filter on any list route: 422 {@code Validation failed: tags must look
   * like …}, naming {@code tags}.
   */
  public static final Problem TAG_FILTER =
      of(
              HttpStatus.UNPROCESSABLE_ENTITY,
              "validation-error",
              "Validation failed: " + InputPatterns.TAG_FILTER_MESSAGE)
          .naming("tags", InputPatterns.TAG_FILTER_MESSAGE);

  public Problem {
    errors = List.copyOf(errors);
    headers = Map.copyOf(headers);
    properties = Map.copyOf(properties);
  }

  /** A problem without extension members. */
  public Problem(
      HttpStatus status,
      String slug,
      String detail,
      List<FieldProblem> errors,
      Map<String, String> headers) {
    this(status, slug, detail, errors, headers, Map.of());
  }

  /**
   * A problem of type {@code /problems/<slug>} without fields; a missing detail (an exception
   * without message) becomes the status's reason phrase.
   */
  public static Problem of(HttpStatus status, String slug, @Nullable String detail) {
    return new Problem(
        status, slug, detail == null ? status.getReasonPhrase() : detail, List.of(), Map.of());
  }

  /** The 422 every invalid input gets: {@code Validation failed: <field> <message>}, naming it. */
  public static Problem invalid(String field, @Nullable String message) {
    String text = message == null ? "is not valid" : message;
    return of(
            HttpStatus.UNPROCESSABLE_ENTITY,
            "validation-error",
            "Validation failed: " + field + " " + text)
        .naming(field, text);
  }

  /** This problem with one more entry in {@code errors}. */
  public Problem naming(String field, @Nullable String message) {
    List<FieldProblem> more = new ArrayList<>(errors);
    more.add(new FieldProblem(field, message == null ? "is not valid" : message));
    return new Problem(status, slug, detail, more, headers, properties);
  }

  /** This problem with one more response header. */
  public Problem withHeader(String name, String value) {
    Map<String, String> more = new LinkedHashMap<>(headers);
    more.put(name, value);
    return new Problem(status, slug, detail, errors, more, properties);
  }

  /** This problem with one more extension member {@code name} (snake_case) in its body. */
  public Problem with(String name, Object value) {
    Map<String, Object> more = new LinkedHashMap<>(properties);
    more.put(name, value);
    return new Problem(status, slug, detail, errors, headers, more);
  }

  /** The body: {@code type}, {@code title}, {@code status}, {@code detail} and {@code errors}. */
  public ProblemDetail toProblemDetail() {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
    problem.setType(URI.create("/problems/" + slug));
    problem.setTitle(status.getReasonPhrase());
    if (!errors.isEmpty()) {
      problem.setProperty(
          "errors",
          errors.stream().map(e -> Map.of("field", e.field(), "message", e.message())).toList());
    }
    properties.forEach(problem::setProperty);
    return problem;
  }

  /** One field at fault and what is wrong with it, e.g. {@code tags}: {@code is too long}. */
  public record FieldProblem(String field, String message) {}
}
