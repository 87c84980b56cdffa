package io.amplifier.appapi.platform.web;

import io.amplifier.appapi.platform.operations.RequestIds;
import io.amplifier.appapi.platform.security.CallerResolver;
import io.amplifier.appapi.users.api.Caller;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.commandhandling.gateway.DefaultCommandGateway;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.Message;
import org.axonframework.messaging.MessageDispatchInterceptor;
import org.axonframework.messaging.correlation.CorrelationDataProvider;
import org.axonframework.messaging.correlation.MessageOriginProvider;
import org.axonframework.messaging.correlation.SimpleCorrelationDataProvider;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.beans.factory.annotation.Value;
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
    return new SimpleCorrelationDataProvider(
        Caller.USER_ID, Caller.APP_ID, Caller.REQUEST_ID, Caller.ACTOR, Caller.CAUSATION_ID);
  }

  /**
   * Projections are pooled streaming processors: one coordinator per processor reads the store once
   * and hands each segment's events to a worker, where a tracking processor reads the whole stream
   * once per segment. A worker extends its claim well inside the claim timeout even while idle, so
   * a live node never loses a segment to another node.
   */
  @Bean
  ConfigurerModule pooledProcessorDefaults(
      @Value("${axon.eventhandling.tokenstore.claim-timeout:5s}") Duration claimTimeout) {
    long extendAfter = Math.max(200, claimTimeout.toMillis() / 3);
    return configurer ->
        configurer.eventProcessing(
            processing ->
                processing.registerPooledStreamingEventProcessorConfiguration(
                    (config, builder) ->
                        builder
                            .claimExtensionThreshold(extendAfter)
                            .enableCoordinatorClaimExtension()));
  }

  @Bean
  CorrelationDataProvider messageOriginProvider() {
    return new MessageOriginProvider();
  }

  /** The gateway every controller sends through; it stamps request metadata on each command. */
  @Bean
  CommandGateway commandGateway(CommandBus commandBus, CallerResolver callers) {
    MessageDispatchInterceptor<CommandMessage<?>> requestMetadata =
        messages -> (index, command) -> command.andMetaData(actorOf(command, callers));
    MessageDispatchInterceptor<CommandMessage<?>> idempotencyClaim =
        messages ->
            (index, command) ->
                RequestContextHolder.getRequestAttributes()
                            instanceof ServletRequestAttributes servlet
                        && servlet.getRequest().getAttribute(IdempotencyFilter.ATTRIBUTE)
                            instanceof IdempotencyFilter.Claim claim
                    ? command.andMetaData(claim.takeMetadata())
                    : command;
    return DefaultCommandGateway.builder()
        .commandBus(commandBus)
        .dispatchInterceptors(requestMetadata, idempotencyClaim)
        .build();
  }

  /**
   * The first command of a request with an {@code Idempotency-Key} claims the key in its own
   * transaction (after the transaction interceptor), so a racing duplicate appends nothing. A
   * command that deletes an entity erases the recorded answers about it in the same transaction.
   */
  @Bean
  InitializingBean idempotencyClaims(CommandBus commandBus, IdempotencyKeys keys) {
    return () ->
        commandBus.registerHandlerInterceptor(
            (unitOfWork, chain) -> {
              Map<String, ?> metadata = unitOfWork.getMessage().getMetaData();
              if (metadata.containsKey(IdempotencyKeys.CLAIM)) {
                keys.claim(metadata);
              }
              @Nullable Object result = chain.proceed();
              String deleted = ReplayAccess.deletedBy(unitOfWork.getMessage().getPayload());
              if (deleted != null) {
                keys.forget(deleted);
              }
              return result;
            });
  }

  /**
   * Events published directly (not applied by an aggregate during a command, which copies the
   * command's metadata) get the same actor metadata as commands: an audit fact about a request.
   */
  @Bean
  InitializingBean eventActorMetadata(EventStore eventStore, CallerResolver callers) {
    return () ->
        eventStore.registerDispatchInterceptor(
            messages ->
                (index, event) ->
                    event.getMetaData().containsKey(Caller.USER_ID)
                        ? event
                        : event.andMetaData(actorOf(event, callers)));
  }

  /**
   * Who sends {@code command}: the service itself (system) when it reacts to an event (carrying
   * that event's id as its cause), when it says so explicitly, or when no request is around; else
   * the request's caller, as user or admin. Every command leaves with a user, app and request id.
   */
  static Map<String, Object> actorOf(Message<?> command, CallerResolver callers) {
    Map<String, Object> metadata = new HashMap<>();
    RequestAttributes attributes = RequestContextHolder.getRequestAttributes();
    @Nullable HttpServletRequest request =
        attributes instanceof ServletRequestAttributes servlet ? servlet.getRequest() : null;
    @Nullable Object requestId =
        request == null ? null : request.getAttribute(RequestIds.ATTRIBUTE);
    EventMessage<?> cause = causingEvent();
    if (cause != null) {
      metadata.put(Caller.USER_ID, Caller.SYSTEM_PRINCIPAL);
      metadata.put(Caller.APP_ID, Caller.SYSTEM_PRINCIPAL);
      metadata.put(Caller.ACTOR, Caller.ACTOR_SYSTEM);
      metadata.put(Caller.CAUSATION_ID, cause.getIdentifier());
      Object causeRequest = cause.getMetaData().get(Caller.REQUEST_ID);
      metadata.put(
          Caller.REQUEST_ID, causeRequest != null ? causeRequest : "system-" + UUID.randomUUID());
      return metadata;
    }
    Object given = command.getMetaData().get(Caller.USER_ID);
    if (given != null) { // the service acting as itself (system) says so explicitly
      if (!command.getMetaData().containsKey(Caller.ACTOR)) {
        metadata.put(
            Caller.ACTOR,
            Caller.SYSTEM_PRINCIPAL.equals(given) ? Caller.ACTOR_SYSTEM : Caller.ACTOR_USER);
      }
    } else if (request != null) {
      Caller caller = callers.resolve(request);
      metadata.put(Caller.USER_ID, caller.userId().value());
      metadata.put(Caller.APP_ID, caller.appId());
      metadata.put(Caller.ACTOR, caller.admin() ? Caller.ACTOR_ADMIN : Caller.ACTOR_USER);
    } else {
      metadata.put(Caller.USER_ID, Caller.SYSTEM_PRINCIPAL);
      metadata.put(Caller.APP_ID, Caller.SYSTEM_PRINCIPAL);
      metadata.put(Caller.ACTOR, Caller.ACTOR_SYSTEM);
    }
    if (!command.getMetaData().containsKey(Caller.REQUEST_ID)) {
      metadata.put(
          Caller.REQUEST_ID,
          requestId != null ? requestId.toString() : "system-" + UUID.randomUUID());
    }
    return metadata;
  }

  private static @Nullable EventMessage<?> causingEvent() {
    if (!CurrentUnitOfWork.isStarted()) {
      return null;
    }
    return CurrentUnitOfWork.get().getMessage() instanceof EventMessage<?> event ? event : null;
  }
}
