package io.amplifier.appapi.platform.eventstore;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.Configuration;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.AbstractEventProcessor;
import org.axonframework.eventhandling.ErrorContext;
import org.axonframework.eventhandling.ErrorHandler;
import org.axonframework.eventhandling.EventHandlerInvoker;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.MultiEventHandlerInvoker;
import org.axonframework.eventhandling.Segment;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.async.SequentialPerAggregatePolicy;
import org.axonframework.eventhandling.deadletter.jdbc.DeadLetterSchema;
import org.axonframework.eventhandling.deadletter.jdbc.JdbcSequencedDeadLetterQueue;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.messaging.ResultMessage;
import org.axonframework.messaging.deadletter.Decisions;
import org.axonframework.messaging.deadletter.EnqueuePolicy;
import org.axonframework.messaging.deadletter.GenericDeadLetter;
import org.axonframework.messaging.deadletter.SequencedDeadLetterQueue;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.axonframework.serialization.Serializer;
import org.axonframework.springboot.EventProcessorProperties;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.dao.DataAccessException;

/**
 * No single event may stop a projection for everyone, and none may be lost silently: every
 * streaming (tracking) processor dead-letters, in Axon's JDBC dead-letter queue ({@code
 * deadletterentry}, one queue per processing group), an event its handlers cannot apply, sequenced
 * per aggregate ({@link SequentialPerAggregatePolicy}): the aggregate's later events are parked
 * behind it, in order, while other aggregates flow. Operators list, retry and evict them at {@code
 * /admin/dead-letters}; readiness is down while any wait.
 *
 * <p>Three ways an event can fail, one outcome:
 *
 * <ul>
 *   <li>a handler throws a plain exception: Axon's {@code DeadLetteringEventHandlerInvoker}
 *       enqueues it in the batch's transaction, which commits with the other events;
 *   <li>a handler's SQL fails (PostgreSQL then refuses every further statement of the transaction),
 *       or a projection that batches its writes until commit fails to commit: the {@link #POLICY
 *       enqueue policy} lets it fail the batch, and the processor's {@link IsolatingErrorHandler
 *       error handler} applies the batch's events again one at a time, each in its own transaction,
 *       and dead-letters the ones that still fail (the fast path keeps its batching; only a failed
 *       batch pays one transaction per event);
 *   <li>the database is unreachable (or a serialization failure or deadlock): never dead-lettered;
 *       the error propagates and the processor retries the batch with back-off.
 * </ul>
 *
 * The cause kept with a dead letter is the error's class chain and SQLState ({@link #reason}),
 * never its message, which may quote user data. Inline views (subscribing) take no dead letters: a
 * failure fails the command ({@link InlineViews}).
 */
@org.springframework.context.annotation.Configuration(proxyBeanMethods = false)
public class ProjectionErrorHandling {

  private static final Logger log = LoggerFactory.getLogger(ProjectionErrorHandling.class);

  /** Longest cause summary kept with a dead letter (the column holds 1,024). */
  static final int MAX_CAUSE = 500;

  /**
   * Transient failures propagate (the processor retries), database errors inside a batch propagate
   * (the isolation pass dead-letters the event), anything else is dead-lettered with a summary.
   */
  static final EnqueuePolicy<EventMessage<?>> POLICY =
      (letter, cause) -> {
        if (isTransient(cause) || isDatabaseError(cause)) {
          throw cause instanceof RuntimeException runtime
              ? runtime
              : new ProjectionFailedException(reason(cause), cause);
        }
        return Decisions.enqueue(new ProjectionFailedException(reason(cause), null));
      };

  @Bean
  ConfigurerModule projectionDeadLetters(
      EventProcessorProperties processors,
      ConnectionProvider connections,
      TransactionManager transactions,
      @Qualifier("eventSerializer") Serializer eventSerializer,
      Serializer serializer) {
    List<String> groups = deadLetteredGroups(processors);
    return configurer ->
        configurer.eventProcessing(
            processing -> {
              for (String group : groups) {
                processing
                    .registerSequencingPolicy(group, c -> SequentialPerAggregatePolicy.instance())
                    .registerDeadLetterQueue(
                        group,
                        c -> queue(group, connections, transactions, eventSerializer, serializer))
                    .registerDeadLetterPolicy(group, c -> POLICY)
                    .registerDeadLetteringEventHandlerInvokerConfiguration(
                        group, (c, builder) -> builder.enableSequenceIdentifierCache())
                    .registerErrorHandler(group, IsolatingErrorHandler::new);
              }
            });
  }

  /**
   * Wraps the token store so that a claimed segment's dead-letter memory is dropped ({@link
   * ClaimAwareTokenStore}).
   */
  @Bean
  static BeanPostProcessor claimAwareTokenStore(
      ObjectProvider<EventProcessingConfiguration> processing) {
    return new BeanPostProcessor() {
      @Override
      public Object postProcessAfterInitialization(Object bean, String beanName) {
        if (bean instanceof TokenStore store && !(bean instanceof ClaimAwareTokenStore)) {
          return new ClaimAwareTokenStore(
              store,
              (processor, segment) ->
                  processing
                      .getObject()
                      .eventProcessor(processor, AbstractEventProcessor.class)
                      .ifPresent(p -> forgetCachedSequences(p.eventHandlerInvoker(), segment)));
        }
        return bean;
      }
    };
  }

  /** Axon's JDBC queue of one processing group, on the table of V7 and the stable event names. */
  static JdbcSequencedDeadLetterQueue<EventMessage<?>> queue(
      String group,
      ConnectionProvider connections,
      TransactionManager transactions,
      Serializer eventSerializer,
      Serializer serializer) {
    return JdbcSequencedDeadLetterQueue.builder()
        .processingGroup(group)
        .connectionProvider(connections)
        .transactionManager(transactions)
        .schema(DeadLetterSchema.defaultSchema())
        .eventSerializer(eventSerializer)
        .genericSerializer(serializer)
        .build();
  }

  /** The processing groups configured as streaming (any {@code mode} but subscribing). */
  public static List<String> deadLetteredGroups(EventProcessorProperties properties) {
    List<String> groups = new ArrayList<>();
    properties
        .getProcessors()
        .forEach(
            (name, settings) -> {
              if (settings.getMode() != EventProcessorProperties.Mode.SUBSCRIBING) {
                groups.add(name);
              }
            });
    return groups;
  }

  /** Worth retrying as is: the database is away, or PostgreSQL asks for a retry (40001, 40P01). */
  public static boolean isTransient(Throwable error) {
    if (Failures.isDatabaseUnavailable(error)) {
      return true;
    }
    int depth = 0;
    for (Throwable t = error;
        t != null && depth++ < 32;
        t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof ConcurrencyFailureException) {
        return true;
      }
      if (t instanceof SQLException sql
          && ("40001".equals(sql.getSQLState()) || "40P01".equals(sql.getSQLState()))) {
        return true;
      }
    }
    return false;
  }

  /** A database error: after it PostgreSQL refuses the rest of the transaction. */
  static boolean isDatabaseError(Throwable error) {
    int depth = 0;
    for (Throwable t = error;
        t != null && depth++ < 32;
        t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof SQLException || t instanceof DataAccessException) {
        return true;
      }
    }
    return false;
  }

  /**
   * The error's class chain and SQLState, e.g. {@code ...PSQLException (SQLState 22021)}: never a
   * message, which may quote the row. At most {@value #MAX_CAUSE} characters.
   */
  public static String reason(Throwable error) {
    Throwable root = error;
    @Nullable String state = null;
    int depth = 0;
    for (Throwable t = error;
        t != null && depth++ < 32;
        t = t.getCause() == t ? null : t.getCause()) {
      root = t;
      if (t instanceof SQLException sql && sql.getSQLState() != null) {
        state = sql.getSQLState();
      }
      if (t instanceof ProjectionFailedException known) {
        return String.valueOf(known.getMessage());
      }
    }
    String reason =
        root == error
            ? error.getClass().getName()
            : error.getClass().getName() + " caused by " + root.getClass().getName();
    reason = state == null ? reason : reason + " (SQLState " + state + ")";
    return reason.length() > MAX_CAUSE ? reason.substring(0, MAX_CAUSE) : reason;
  }

  /** The cause stored with a dead letter: a summary of the real error, safe to show an operator. */
  static final class ProjectionFailedException extends RuntimeException {
    ProjectionFailedException(String summary, @Nullable Throwable cause) {
      super(summary, cause, false, false);
    }
  }

  /**
   * A batch that failed as a whole (a database error in a handler, or at commit) is applied again
   * one event at a time, each in its own transaction; an event that still fails is dead-lettered in
   * a transaction of its own, and the rest of the batch is kept. The next batch's token covers
   * them. Transient errors propagate: the processor retries the batch with back-off.
   */
  static final class IsolatingErrorHandler implements ErrorHandler {
    private final Configuration config;

    IsolatingErrorHandler(Configuration config) {
      this.config = config;
    }

    @Override
    public void handleError(ErrorContext context) throws Exception {
      Throwable error = context.error();
      Optional<StreamingEventProcessor> found =
          config
              .eventProcessingConfiguration()
              .eventProcessor(context.eventProcessor(), StreamingEventProcessor.class);
      Optional<SequencedDeadLetterQueue<EventMessage<?>>> queue =
          config.eventProcessingConfiguration().deadLetterQueue(context.eventProcessor());
      List<? extends EventMessage<?>> events = context.failedEvents();
      if (found.isEmpty()
          || !(found.get() instanceof AbstractEventProcessor processor)
          || queue.isEmpty()
          || events.isEmpty()
          || isTransient(error)) {
        throw rethrowable(error);
      }
      isolate(
          context.eventProcessor(),
          processor.eventHandlerInvoker(),
          segments(found.get()),
          queue.get(),
          config.getComponent(TransactionManager.class),
          events,
          error);
    }

    private static List<Segment> segments(StreamingEventProcessor processor) {
      List<Segment> segments =
          processor.processingStatus().values().stream()
              .map(EventTrackerStatus::getSegment)
              .toList();
      return segments.isEmpty() ? List.of(Segment.ROOT_SEGMENT) : segments;
    }
  }

  /**
   * Applies {@code events} one at a time through {@code invoker} (which parks the events of an
   * aggregate already dead-lettered), each in its own transaction, and dead-letters the ones that
   * fail. Runs on a thread of its own: the failed batch's unit of work may still be bound to the
   * calling one, and each event must start from a clean root unit of work.
   */
  static void isolate(
      String group,
      EventHandlerInvoker invoker,
      List<Segment> segments,
      SequencedDeadLetterQueue<EventMessage<?>> queue,
      TransactionManager transactions,
      List<? extends EventMessage<?>> events,
      Throwable error)
      throws Exception {
    log.warn(
        "Projection {} could not commit a batch of {} events ({}); applying them one by one",
        group,
        events.size(),
        reason(error));
    Exception[] outcome = new Exception[1];
    Thread isolation =
        new Thread(
            () -> {
              try {
                applyOneByOne(group, invoker, segments, queue, transactions, events);
              } catch (Exception e) {
                outcome[0] = e;
              }
            },
            "projection-isolation-" + group);
    isolation.start();
    isolation.join();
    if (outcome[0] != null) {
      throw outcome[0];
    }
  }

  private static void applyOneByOne(
      String group,
      EventHandlerInvoker invoker,
      List<Segment> segments,
      SequencedDeadLetterQueue<EventMessage<?>> queue,
      TransactionManager transactions,
      List<? extends EventMessage<?>> events)
      throws Exception {
    for (EventMessage<?> event : events) {
      UnitOfWork<EventMessage<?>> unit = DefaultUnitOfWork.startAndGet(event);
      unit.attachTransaction(transactions);
      ResultMessage<?> result =
          unit.executeWithResult(
              () -> {
                for (Segment segment : segments) {
                  invoker.handle(event, segment);
                }
                return null;
              });
      if (!result.isExceptional()) {
        continue;
      }
      Throwable failure = result.exceptionResult();
      if (isTransient(failure)) {
        throw failure instanceof Exception e
            ? e
            : new ProjectionFailedException(reason(failure), failure);
      }
      Object sequence = SequentialPerAggregatePolicy.instance().getSequenceIdentifierFor(event);
      Object sequenceId = sequence == null ? event.getIdentifier() : sequence;
      String summary = reason(failure);
      log.error(
          "Projection {} dead-lettered event {} ({}, sequence {}): {}. Listed at GET /admin/dead-letters.",
          group,
          event.getIdentifier(),
          event.getPayloadType().getSimpleName(),
          sequenceId,
          summary);
      transactions.executeInTransaction(
          () ->
              queue.enqueue(
                  sequenceId,
                  new GenericDeadLetter<>(
                      sequenceId, event, new ProjectionFailedException(summary, null))));
      // The invoker remembers which sequences it saw empty: forget, so it asks the queue again.
      segments.forEach(segment -> forgetCachedSequences(invoker, segment));
    }
  }

  /**
   * Clears the dead-lettering invoker's cache of sequences known not to be in the queue ({@code
   * MultiEventHandlerInvoker} does not pass {@code segmentReleased} on to its delegates).
   */
  static void forgetCachedSequences(EventHandlerInvoker invoker, Segment segment) {
    if (invoker instanceof MultiEventHandlerInvoker multi) {
      multi.delegates().forEach(delegate -> forgetCachedSequences(delegate, segment));
    } else {
      invoker.segmentReleased(segment);
    }
  }

  private static Exception rethrowable(Throwable error) {
    if (error instanceof Error fatal) {
      throw fatal;
    }
    return (Exception) error;
  }
}
