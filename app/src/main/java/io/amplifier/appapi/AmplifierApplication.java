package io.amplifier.appapi;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * Starts the service: every module's beans live under this package. With {@code
 * --rebuild=<name>|all} it rebuilds projections and exits instead ({@code admin.OfflineRebuild}).
 *
 * <p>The excluded auto-configurations match libraries on the class path that the service never uses
 * as Spring beans (it builds its provider and JWKS clients itself, serializes with Jackson, serves
 * no WebSocket); each costs start-up time (docs/benchmarks.md, "Start-up levers").
 */
@SpringBootApplication(
    excludeName = {
      "org.axonframework.springboot.autoconfig.XStreamAutoConfiguration",
      "org.axonframework.springboot.autoconfig.UpdateCheckerAutoConfiguration",
      "org.springframework.boot.autoconfigure.websocket.servlet.WebSocketServletAutoConfiguration",
      "org.springframework.boot.autoconfigure.security.reactive.ReactiveSecurityAutoConfiguration",
      "org.springframework.boot.autoconfigure.reactor.ReactorAutoConfiguration",
      "org.springframework.boot.autoconfigure.netty.NettyAutoConfiguration",
      "org.springframework.boot.autoconfigure.http.codec.CodecsAutoConfiguration",
      "org.springframework.boot.autoconfigure.web.reactive.function.client.WebClientAutoConfiguration",
      "org.springframework.boot.autoconfigure.http.client.reactive.ClientHttpConnectorAutoConfiguration",
      "org.springframework.boot.autoconfigure.web.client.RestClientAutoConfiguration",
      "org.springframework.boot.autoconfigure.web.client.RestTemplateAutoConfiguration",
      "org.springframework.boot.autoconfigure.http.client.HttpClientAutoConfiguration",
      "org.springframework.boot.autoconfigure.jdbc.JdbcClientAutoConfiguration",
      "org.springframework.boot.autoconfigure.task.TaskSchedulingAutoConfiguration"
    })
public class AmplifierApplication {

  public static void main(String[] args) {
    // Axon's update checker phones home; this service never reaches outside networks uninvited.
    if (System.getProperty("axoniq.update-checker.disabled") == null) {
      System.setProperty("axoniq.update-checker.disabled", "true");
    }
    SpringApplication application = new SpringApplication(AmplifierApplication.class);
    if (java.util.Arrays.stream(args).anyMatch(a -> a.startsWith("--rebuild"))) {
      // an offline rebuild must not take a running node's port: a random one, on loopback
      System.setProperty("server.port", "0");
      System.setProperty("SERVICE_HOST", "127.0.0.1");
    }
    application.run(args);
  }
}
