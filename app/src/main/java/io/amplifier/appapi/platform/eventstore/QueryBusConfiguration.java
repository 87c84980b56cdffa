package io.amplifier.appapi.platform.eventstore;

import org.axonframework.config.Configuration;
import org.axonframework.queryhandling.LoggingQueryInvocationErrorHandler;
import org.axonframework.queryhandling.QueryBus;
import org.axonframework.queryhandling.SimpleQueryBus;
import org.springframework.context.annotation.Bean;

/**
 * A query bus without a transaction manager. Axon's default wraps every query in a transaction, so
 * a read that waits for its projection (read-your-writes) would hold a pooled connection the whole
 * time and, under load, starve the projection of the very connection it needs to catch up.
 */
@org.springframework.context.annotation.Configuration(proxyBeanMethods = false)
class QueryBusConfiguration {

  @Bean
  SimpleQueryBus queryBus(Configuration axon) {
    return SimpleQueryBus.builder()
        .messageMonitor(axon.messageMonitor(QueryBus.class, "queryBus"))
        .queryUpdateEmitter(axon.queryUpdateEmitter())
        .errorHandler(
            LoggingQueryInvocationErrorHandler.builder()
                .logger(org.slf4j.LoggerFactory.getLogger(QueryBusConfiguration.class))
                .build())
        .build();
  }
}
