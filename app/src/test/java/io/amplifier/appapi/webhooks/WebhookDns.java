package io.amplifier.appapi.webhooks;

import io.amplifier.appapi.sessions.api.HostResolver;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/**
 * A host resolver answering from a table the tests fill: a name can "resolve" to a refused address
 * at delivery time without any packet leaving this machine.
 */
@TestConfiguration(proxyBeanMethods = false)
class WebhookDns {

  static final Map<String, List<InetAddress>> ANSWERS = new ConcurrentHashMap<>();

  @Bean
  @Primary
  HostResolver webhookTestResolver() {
    return host -> {
      List<InetAddress> answer = ANSWERS.get(host);
      if (answer == null) {
        throw new UnknownHostException(host);
      }
      return answer;
    };
  }

  static void answer(String host, String literal) throws UnknownHostException {
    ANSWERS.put(host, List.of(InetAddress.getByName(literal)));
  }
}
