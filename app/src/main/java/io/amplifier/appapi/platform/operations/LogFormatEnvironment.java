package io.amplifier.appapi.platform.operations;

import java.util.Locale;
import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * {@code LOG_FORMAT=json} switches the console to Spring Boot's structured JSON logging (Elastic
 * Common Schema: one object a line, the MDC fields {@code request_id}, {@code user_id}, {@code
 * app_id} among its keys); anything else keeps the plain text of the one-command run. Runs before
 * logging starts, so the very first line is already in the chosen form.
 */
class LogFormatEnvironment implements EnvironmentPostProcessor {

  @Override
  public void postProcessEnvironment(
      ConfigurableEnvironment environment, SpringApplication application) {
    String format = environment.getProperty("LOG_FORMAT", "text").trim().toLowerCase(Locale.ROOT);
    if ("json".equals(format)
        && !environment.containsProperty("logging.structured.format.console")) {
      environment
          .getPropertySources()
          .addFirst(
              new MapPropertySource(
                  "amplifierLogFormat", Map.of("logging.structured.format.console", "ecs")));
    }
  }
}
