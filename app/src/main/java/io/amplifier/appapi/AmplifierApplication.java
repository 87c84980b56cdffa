package io.amplifier.appapi;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** Starts the service: every module's beans live under this package. */
@SpringBootApplication
public class AmplifierApplication {

  public static void main(String[] args) {
    // Axon's update checker phones home; this service never reaches outside networks uninvited.
    if (System.getProperty("axoniq.update-checker.disabled") == null) {
      System.setProperty("axoniq.update-checker.disabled", "true");
    }
    SpringApplication.run(AmplifierApplication.class, args);
  }
}
