package io.amplifier.appapi.platform.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import java.io.UnsupportedEncodingException;
import java.util.Locale;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ValveBase;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Sends {@code Content-Type: text/event-stream; charset=utf-8} byte for byte, as Starlette does
 * (the original's clients compare the string). Tomcat rebuilds every content type with a charset as
 * {@code type;charset=x}; a context valve hands the filter Tomcat's own response, and the filter
 * sets exactly this one value there, without a separate charset (streams write UTF-8 bytes).
 */
@Configuration(proxyBeanMethods = false)
class ExactContentTypeConfiguration {

  static final String EVENT_STREAM = "text/event-stream; charset=utf-8";
  private static final String RAW_RESPONSE =
      ExactContentTypeConfiguration.class.getName() + ".response";

  @Bean
  WebServerFactoryCustomizer<TomcatServletWebServerFactory> rawResponseValve() {
    return factory ->
        factory.addContextValves(
            new ValveBase(true) {
              @Override
              public void invoke(Request request, Response response)
                  throws IOException, ServletException {
                request.setAttribute(RAW_RESPONSE, response.getCoyoteResponse());
                getNext().invoke(request, response);
              }
            });
  }

  @Bean
  FilterRegistrationBean<OncePerRequestFilter> exactEventStreamContentType() {
    FilterRegistrationBean<OncePerRequestFilter> registration =
        new FilterRegistrationBean<>(
            new OncePerRequestFilter() {
              @Override
              protected void doFilterInternal(
                  HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                  throws ServletException, IOException {
                Object raw = request.getAttribute(RAW_RESPONSE);
                request.removeAttribute(RAW_RESPONSE);
                if (raw instanceof org.apache.coyote.Response coyote) {
                  chain.doFilter(request, new Exact(response, coyote));
                } else {
                  chain.doFilter(request, response);
                }
              }
            });
    registration.addUrlPatterns("/sessions/*");
    registration.setOrder(Ordered.LOWEST_PRECEDENCE);
    return registration;
  }

  /** Passes every header through, but writes {@link #EVENT_STREAM} verbatim. */
  private static final class Exact extends HttpServletResponseWrapper {
    private final org.apache.coyote.Response coyote;

    Exact(HttpServletResponse response, org.apache.coyote.Response coyote) {
      super(response);
      this.coyote = coyote;
    }

    @Override
    public void setContentType(String type) {
      super.setContentType(type);
      verbatim(type);
    }

    @Override
    public void setHeader(String name, String value) {
      super.setHeader(name, value);
      if ("content-type".equals(name.toLowerCase(Locale.ROOT))) {
        verbatim(value);
      }
    }

    @Override
    public void addHeader(String name, String value) {
      super.addHeader(name, value);
      if ("content-type".equals(name.toLowerCase(Locale.ROOT))) {
        verbatim(value);
      }
    }

    private void verbatim(String value) {
      if (EVENT_STREAM.equals(value) && !isCommitted()) {
        try {
          coyote.setCharacterEncoding(null);
        } catch (UnsupportedEncodingException impossible) {
          throw new IllegalStateException(impossible);
        }
        coyote.setContentTypeNoCharset(EVENT_STREAM);
      }
    }
  }
}
