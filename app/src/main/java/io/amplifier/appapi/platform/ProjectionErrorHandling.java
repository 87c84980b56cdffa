package io.amplifier.appapi.platform;

import java.util.List;
import java.util.Optional;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.Configuration;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.AbstractEventProcessor;
import org.axonframework.eventhandling.ErrorContext;
import org.axonframework.eventhandling.ErrorHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.EventMessageHandler;
import org.axonframework.eventhandling.EventProcessor;
import org.axonframework.eventhandling.ListenerInvocationErrorHandler;
import org.axonframework.eventhandling.LoggingErrorHandler;
import org.axonframework.eventhandling.Segment;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.messaging.ResultMessage;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;

/**
 * No single event may stop a projection for everyone. In the streaming (tracking) processors an
 * event a handler cannot apply is recorded in {@link ProjectionFailures} and skipped, at two levels:
 *
 * <ul>
 *   <li>a handler that throws: the listener error handler records it and does not rethrow;
 *   <li>a batch whose transaction cannot commit (the projections write in batches just before
 *       commit, so a row PostgreSQL refuses fails the whole batch): the processor's error handler
 *       applies that batch's events again one at a time, each in its own transaction, and records
 *       the ones that still fail. The next batch's token covers them.
 * </ul>
 *
 * An unreachable database is never a poisoned event: those errors propagate and the processor
 * retries with back-off as before. Subscribing processors keep Axon's defaults (a handler error is
 * logged; a failure propagates to the command). Axon's dead-letter queue can replace this later.
 */
@org.springframework.context.annotation.Configuration(proxyBeanMethods = false)
class ProjectionErrorHandling {

  private static final Logger log = LoggerFactory.getLogger(ProjectionErrorHandling.class);

  @Bean
  ConfigurerModule projectionErrorHandlers(ProjectionFailures failures) {
    return configurer ->
        configurer.eventProcessing(
            processing ->
                processing
                    .registerDefaultListenerInvocationErrorHandler(
                        config -> new RecordingListenerErrorHandler(config, failures))
                    .registerDefaultErrorHandler(
                        config -> new IsolatingErrorHandler(config, failures)));
  }

  private static Optional<EventProcessor> streaming(Configuration config, String name) {
    return config
        .eventProcessingConfiguration()
        .eventProcessor(name)
        .filter(StreamingEventProcessor.class::isInstance);
  }

  /** Records a handler's exception and carries on, in streaming processors. */
  static final class RecordingListenerErrorHandler implements ListenerInvocationErrorHandler {
    private final Configuration config;
    private final ProjectionFailures failures;
    private final LoggingErrorHandler logging = new LoggingErrorHandler();

    RecordingListenerErrorHandler(Configuration config, ProjectionFailures failures) {
      this.config = config;
      this.failures = failures;
    }

    @Override
    public void onError(Exception exception, EventMessage<?> event, EventMessageHandler handler)
        throws Exception {
      String group = group(handler);
      if (group == null || streaming(config, group).isEmpty()) {
        logging.onError(exception, event, handler);
        return;
      }
      if (Failures.isDatabaseUnavailable(exception)) {
        throw exception;
      }
      failures.record(group, event, exception);
    }

    private static @Nullable String group(EventMessageHandler handler) {
      Class<?> target = handler.getTargetType();
      ProcessingGroup group = target == null ? null : target.getAnnotation(ProcessingGroup.class);
      return group == null ? null : group.value();
    }
  }

  /** Re-applies a failed batch one event at a time, recording the events that still fail. */
  static final class IsolatingErrorHandler implements ErrorHandler {
    private final Configuration config;
    private final ProjectionFailures failures;

    IsolatingErrorHandler(Configuration config, ProjectionFailures failures) {
      this.config = config;
      this.failures = failures;
    }

    @Override
    public void handleError(ErrorContext context) throws Exception {
      Throwable error = context.error();
      Optional<EventProcessor> found = streaming(config, context.eventProcessor());
      List<? extends EventMessage<?>> events = context.failedEvents();
      if (found.isEmpty()
          || !(found.get() instanceof AbstractEventProcessor processor)
          || events.isEmpty()
          || Failures.isDatabaseUnavailable(error)) {
        throw rethrowable(error);
      }
      log.warn(
          "Projection {} could not commit a batch of {} events ({}); applying them one by one",
          context.eventProcessor(),
          events.size(),
          ProjectionFailures.reason(error));
      // On a thread of its own: the failed batch's unit of work (and the writes it queued) may
      // still be bound to this one, and each event must start from a clean root unit of work.
      Exception[] outcome = new Exception[1];
      Thread isolation =
          new Thread(
              () -> {
                try {
                  applyOneByOne(processor, context.eventProcessor(), events, error);
                } catch (Exception e) {
                  outcome[0] = e;
                }
              },
              "projection-isolation-" + context.eventProcessor());
      isolation.start();
      isolation.join();
      if (outcome[0] != null) {
        throw outcome[0];
      }
    }

    private void applyOneByOne(
        AbstractEventProcessor processor,
        String name,
        List<? extends EventMessage<?>> events,
        Throwable error)
        throws Exception {
      TransactionManager transactions = config.getComponent(TransactionManager.class);
      for (EventMessage<?> event : events) {
        UnitOfWork<EventMessage<?>> unit = DefaultUnitOfWork.startAndGet(event);
        if (transactions != null) {
          unit.attachTransaction(transactions);
        }
        ResultMessage<?> result =
            unit.executeWithResult(
                () -> {
                  processor.eventHandlerInvoker().handle(event, Segment.ROOT_SEGMENT);
                  return null;
                });
        if (result.isExceptional()) {
          Throwable failure = result.exceptionResult();
          if (Failures.isDatabaseUnavailable(failure)) {
            throw rethrowable(error);
          }
          failures.record(name, event, failure);
        }
      }
    }

    private static Exception rethrowable(Throwable error) {
      if (error instanceof Error fatal) {
        throw fatal;
      }
      return (Exception) error;
    }
  }
}
