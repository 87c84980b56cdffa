package io.amplifier.appapi;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * Starts the service: every module's beans live under this package. With {@code
 * --rebuild=<name>|all} it rebuilds projections and exits instead ({@code admin.OfflineRebuild}).
 */
@SpringBootApplication
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
