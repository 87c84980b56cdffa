package io.amplifier.appapi.platform;

import io.amplifier.appapi.users.api.Caller;
import jakarta.servlet.http.HttpServletRequest;
import java.util.HashMap;
import java.util.Map;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.commandhandling.gateway.DefaultCommandGateway;
import org.axonframework.messaging.MessageDispatchInterceptor;
import org.axonframework.messaging.correlation.CorrelationDataProvider;
import org.axonframework.messaging.correlation.MessageOriginProvider;
import org.axonframework.messaging.correlation.SimpleCorrelationDataProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * Axon wiring: every command sent during an HTTP request carries the caller and request id as
 * metadata, and correlation copies that metadata onto every event the command produces.
 */
@Configuration(proxyBeanMethods = false)
class AxonConfiguration {

  @Bean
  CorrelationDataProvider requestMetadataProvider() {
    return new SimpleCorrelationDataProvider(Caller.USER_ID, Caller.APP_ID, Caller.REQUEST_ID);
  }

  @Bean
  CorrelationDataProvider messageOriginProvider() {
    return new MessageOriginProvider();
  }

  /** The gateway every controller sends through; it stamps request metadata on each command. */
  @Bean
  CommandGateway commandGateway(CommandBus commandBus, CallerResolver callers) {
    MessageDispatchInterceptor<CommandMessage<?>> requestMetadata =
        messages ->
            (index, command) -> {
              RequestAttributes attributes = RequestContextHolder.getRequestAttributes();
              if (!(attributes instanceof ServletRequestAttributes servlet)) {
                return command;
              }
              if (command.getMetaData().containsKey(Caller.USER_ID)) {
                return command; // the service acting as itself (system) says so explicitly
              }
              HttpServletRequest request = servlet.getRequest();
              Caller caller = callers.resolve(request);
              Map<String, Object> metadata = new HashMap<>();
              metadata.put(Caller.USER_ID, caller.userId().value());
              metadata.put(Caller.APP_ID, caller.appId());
              Object requestId = request.getAttribute(RequestIdFilter.ATTRIBUTE);
              if (requestId != null) {
                metadata.put(Caller.REQUEST_ID, requestId.toString());
              }
              return command.andMetaData(metadata);
            };
    return DefaultCommandGateway.builder()
        .commandBus(commandBus)
        .dispatchInterceptors(requestMetadata)
        .build();
  }
}
