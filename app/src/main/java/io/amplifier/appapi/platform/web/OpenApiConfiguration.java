package io.amplifier.appapi.platform.web;

import io.amplifier.appapi.platform.security.AuthenticationFilter;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.springdoc.core.customizers.GlobalOpenApiCustomizer;
import org.springdoc.core.customizers.GlobalOperationCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.MethodParameter;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.util.AntPathMatcher;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.method.HandlerMethod;

/**
 * The OpenAPI document names every route's problems: each route declares its own (404, 409, ...)
 * with {@code @ApiResponse}; this adds the ones every route shares (401 off the public paths, 403
 * cross-site on writes, 413 with a body, 422 with input, 429, 503) and gives each 4xx/5xx the
 * {@code application/problem+json} body.
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

  static final String PROBLEM_JSON = "application/problem+json";
  private static final String PROBLEM_SCHEMA = "Problem";
  private static final AntPathMatcher PATHS = new AntPathMatcher();

  @Bean
  GlobalOpenApiCustomizer problemSchema() {
    return openApi -> {
      Schema<?> field =
          new ObjectSchema()
              .addProperty("field", new StringSchema())
              .addProperty("message", new StringSchema());
      Schema<?> problem =
          new ObjectSchema()
              .description("RFC 9457 problem details")
              .addProperty("type", new StringSchema().example("/problems/not-found"))
              .addProperty("title", new StringSchema())
              .addProperty("status", new IntegerSchema())
              .addProperty("detail", new StringSchema())
              .addProperty("instance", new StringSchema())
              .addProperty("errors", new ArraySchema().items(field));
      if (openApi.getComponents() != null) {
        openApi.getComponents().addSchemas(PROBLEM_SCHEMA, problem);
      }
    };
  }

  @Bean
  GlobalOperationCustomizer problemResponses() {
    return (operation, handler) -> {
      ApiResponses responses = operation.getResponses();
      if (responses == null) {
        responses = new ApiResponses();
        operation.setResponses(responses);
      }
      List<String> paths = paths(handler);
      boolean open = paths.stream().allMatch(OpenApiConfiguration::isPublic);
      // the handler's parameters: their annotations also where an interface declares them
      MethodParameter[] parameters = handler.getMethodParameters();
      boolean input =
          Arrays.stream(parameters)
              .anyMatch(
                  p ->
                      p.hasParameterAnnotation(RequestBody.class)
                          || p.hasParameterAnnotation(RequestParam.class)
                          || p.hasParameterAnnotation(PathVariable.class));
      boolean body =
          Arrays.stream(parameters).anyMatch(p -> p.hasParameterAnnotation(RequestBody.class));
      if (!open) {
        add(responses, "401", "Missing or invalid credentials");
      }
      if (writes(handler)) {
        add(
            responses,
            "403",
            "Cross-site request refused (see ALLOWED_ORIGINS), or not allowed to the caller");
      }
      if (body) {
        add(responses, "413", "Request body larger than MAX_REQUEST_BYTES");
      }
      if (input) {
        add(responses, "422", "Invalid input (the field is named in errors)");
      }
      add(responses, "429", "Too many requests; see Retry-After");
      add(responses, "503", "Database unreachable or node at capacity; see Retry-After");
      responses.forEach(
          (code, response) -> {
            if (code.startsWith("4") || code.startsWith("5")) {
              Content content =
                  response.getContent() == null ? new Content() : response.getContent();
              content.addMediaType(
                  PROBLEM_JSON,
                  new MediaType()
                      .schema(new Schema<>().$ref("#/components/schemas/" + PROBLEM_SCHEMA)));
              content.keySet().removeIf(type -> !PROBLEM_JSON.equals(type));
              response.setContent(content);
            }
          });
      return operation;
    };
  }

  private static void add(ApiResponses responses, String code, String description) {
    if (!responses.containsKey(code)) {
      responses.addApiResponse(code, new ApiResponse().description(description));
    }
  }

  private static boolean isPublic(String path) {
    return AuthenticationFilter.PUBLIC_PATHS.stream()
        .anyMatch(pattern -> PATHS.match(pattern, path));
  }

  private static boolean writes(HandlerMethod handler) {
    RequestMapping mapping =
        AnnotatedElementUtils.findMergedAnnotation(handler.getMethod(), RequestMapping.class);
    return mapping != null && Arrays.stream(mapping.method()).anyMatch(m -> m != RequestMethod.GET);
  }

  private static List<String> paths(HandlerMethod handler) {
    RequestMapping type =
        AnnotatedElementUtils.findMergedAnnotation(handler.getBeanType(), RequestMapping.class);
    RequestMapping own =
        AnnotatedElementUtils.findMergedAnnotation(handler.getMethod(), RequestMapping.class);
    List<String> prefixes =
        type == null || type.path().length == 0 ? List.of("") : List.of(type.path());
    List<String> suffixes =
        own == null || own.path().length == 0 ? List.of("") : List.of(own.path());
    List<String> paths = new ArrayList<>();
    for (String prefix : prefixes) {
      for (String suffix : suffixes) {
        String path = prefix + suffix;
        paths.add(path.isEmpty() ? "/" : path);
      }
    }
    return paths;
  }
}
