package io.amplifier.appapi.sessions.outbound;

import io.amplifier.appapi.sessions.api.HostResolver;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/**
 * A host resolver answering from a table the tests fill ({@code localhost} is 127.0.0.1), recording
 * every lookup; unknown names do not resolve. It lets tests name hosts that "resolve" to refused
 * addresses without any packet leaving this machine.
 */
@TestConfiguration(proxyBeanMethods = false)
public class FakeDns {

  static final Map<String, List<InetAddress>> ANSWERS = new ConcurrentHashMap<>();
  static final List<String> LOOKUPS = new CopyOnWriteArrayList<>();

  static {
    answer("localhost", "127.0.0.1");
  }

  @Bean
  @Primary
  HostResolver fakeHostResolver() {
    return host -> {
      LOOKUPS.add(host);
      List<InetAddress> answer = ANSWERS.get(host);
      if (answer == null) {
        throw new UnknownHostException(host);
      }
      return answer;
    };
  }

  /** Makes {@code host} resolve to {@code literals} (IP literals: no lookup happens). */
  static void answer(String host, String... literals) {
    ANSWERS.put(
        host,
        Arrays.stream(literals)
            .map(
                literal -> {
                  try {
                    return InetAddress.getByName(literal);
                  } catch (UnknownHostException e) {
                    throw new IllegalArgumentException(literal, e);
                  }
                })
            .toList());
  }
}
