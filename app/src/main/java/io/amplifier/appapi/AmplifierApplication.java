package io.amplifier.appapi;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** Starts the service: every module's beans live under this package. */
@SpringBootApplication
public class AmplifierApplication {

  public static void main(String[] args) {
    SpringApplication.run(AmplifierApplication.class, args);
  }
}
