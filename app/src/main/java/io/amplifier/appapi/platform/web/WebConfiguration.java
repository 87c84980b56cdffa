package io.amplifier.appapi.platform.web;

import io.amplifier.appapi.platform.security.CallerResolver;
import io.amplifier.appapi.users.api.Caller;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.MethodParameter;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;
import org.springframework.web.servlet.config.annotation.ViewControllerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * MVC wiring: controllers may take a {@link Caller} parameter; {@code /redoc} serves ReDoc and
 * {@code /docs} Swagger UI.
 */
@Configuration(proxyBeanMethods = false)
class WebConfiguration implements WebMvcConfigurer {

  static {
    SpringDocUtils.getConfig().addRequestWrapperToIgnore(Caller.class);
  }

  private final CallerResolver callers;

  WebConfiguration(CallerResolver callers) {
    this.callers = callers;
  }

  @Override
  public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
    resolvers.add(
        new HandlerMethodArgumentResolver() {
          @Override
          public boolean supportsParameter(MethodParameter parameter) {
            return parameter.getParameterType() == Caller.class;
          }

          @Override
          public Object resolveArgument(
              MethodParameter parameter,
              ModelAndViewContainer mav,
              NativeWebRequest webRequest,
              WebDataBinderFactory binderFactory) {
            return callers.resolve(webRequest.getNativeRequest(HttpServletRequest.class));
          }
        });
  }

  @Override
  public void addViewControllers(ViewControllerRegistry registry) {
    registry.addViewController("/redoc").setViewName("forward:/redoc/index.html");
    // 200 text/html at /docs itself, as the original (springdoc's own route there is a redirect).
    registry.addViewController("/docs").setViewName("forward:/docs/index.html");
  }
}
