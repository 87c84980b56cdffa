package io.amplifier.appapi.sessions.runtime;

import io.amplifier.appapi.sessions.api.HostResolver;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/** The provider runtime's settings and its default (system) host resolver. */
@Configuration(proxyBeanMethods = false)
class ProviderConfiguration {

  @Bean
  ProviderSettings providerSettings(
      Environment env,
      @Value("${amplifier.sessions.provider-timeout:PT120S}") Duration idleTimeout) {
    return ProviderSettings.from(env, idleTimeout);
  }

  @Bean
  HostResolver systemHostResolver() {
    return host -> List.of(InetAddress.getAllByName(host));
  }
}
