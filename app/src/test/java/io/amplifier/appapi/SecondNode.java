package io.amplifier.appapi;

import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/** A second node of the service in this JVM, on this JVM's test database and a loopback port. */
public final class SecondNode {

  private SecondNode() {}

  /** Starts one with {@code properties} besides its port, address and master key. */
  public static ConfigurableApplicationContext start(String... properties) {
    List<String> all = new ArrayList<>();
    all.add("server.port=0");
    all.add("server.address=127.0.0.1");
    all.add("CONFIG_ENCRYPTION_KEY=" + ApiTest.MASTER_KEY);
    all.addAll(List.of(properties));
    return new SpringApplicationBuilder(AmplifierApplication.class)
        .initializers(new TestDatabaseInitializer())
        .properties(all.toArray(String[]::new))
        .run();
  }

  /** The port {@code node} listens on. */
  public static int port(ConfigurableApplicationContext node) {
    return ((WebServerApplicationContext) node).getWebServer().getPort();
  }
}
