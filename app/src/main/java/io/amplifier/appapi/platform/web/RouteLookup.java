package io.amplifier.appapi.platform.web;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.web.servlet.WebMvcRegistrations;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.handler.AbstractHandlerMapping;
import org.springframework.web.servlet.mvc.condition.PathPatternsRequestCondition;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Finding a request's handler without trying every route's other conditions first.
 *
 * <p>For a path with variables ({@code /configs/{id}}) Spring MVC tries every route and checks each
 * route's method, header, consumes and produces conditions before its path, parsing headers for
 * routes whose path could never match. {@link PathFirstMapping} checks the path first, which
 * rejects almost every route at once; the answer is the same, since a route matches only when all
 * its conditions do. The actuator's endpoints come after the service's routes: Spring Boot puts
 * them first, so every request tried them all before its own route.
 */
@Configuration(proxyBeanMethods = false)
class RouteLookup {

  /** The actuator's handler mappings, after the service's {@code RequestMappingHandlerMapping}. */
  private static final int ACTUATOR_ORDER = 1;

  private static final String ACTUATOR_PACKAGE = "org.springframework.boot.actuate.";

  @Bean
  WebMvcRegistrations pathFirstMappings() {
    return new WebMvcRegistrations() {
      @Override
      public RequestMappingHandlerMapping getRequestMappingHandlerMapping() {
        return new PathFirstMapping();
      }
    };
  }

  @Bean
  static BeanPostProcessor actuatorAfterRoutes() {
    return new BeanPostProcessor() {
      @Override
      public Object postProcessBeforeInitialization(Object bean, String beanName) {
        if (bean instanceof AbstractHandlerMapping mapping
            && bean.getClass().getName().startsWith(ACTUATOR_PACKAGE)) {
          mapping.setOrder(ACTUATOR_ORDER);
        }
        return bean;
      }
    };
  }

  /** A route's path condition before its others. */
  static final class PathFirstMapping extends RequestMappingHandlerMapping {

    @Override
    protected @Nullable RequestMappingInfo getMatchingMapping(
        RequestMappingInfo info, HttpServletRequest request) {
      PathPatternsRequestCondition paths = info.getPathPatternsCondition();
      if (paths != null && paths.getMatchingCondition(request) == null) {
        return null;
      }
      return super.getMatchingMapping(info, request);
    }
  }
}
