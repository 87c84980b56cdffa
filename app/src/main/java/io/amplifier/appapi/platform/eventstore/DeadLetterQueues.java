package io.amplifier.appapi.platform.eventstore;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.ErrorHandler;
import org.axonframework.eventhandling.EventHandlerInvoker;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.EventMessageHandler;
import org.axonframework.eventhandling.MultiEventHandlerInvoker;
import org.axonframework.eventhandling.Segment;
import org.axonframework.eventhandling.SimpleEventHandlerInvoker;
import org.axonframework.eventhandling.async.SequentialPerAggregatePolicy;
import org.axonframework.eventhandling.deadletter.DeadLetteringEventHandlerInvoker;
import org.axonframework.messaging.deadletter.SequencedDeadLetterQueue;
import org.axonframework.serialization.Serializer;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;

/**
 * The projections' dead-letter handling for processors built outside Axon's configuration (the
 * shadow replay of a rebuild): a queue of their own, the same handlers, enqueue policy and batch
 * isolation as the live processors ({@link ProjectionErrorHandling}).
 */
@Component
public class DeadLetterQueues {

  private final ConnectionProvider connections;
  private final TransactionManager transactions;
  private final Serializer eventSerializer;
  private final Serializer serializer;

  DeadLetterQueues(
      ConnectionProvider connections,
      TransactionManager transactions,
      @Qualifier("eventSerializer") Serializer eventSerializer,
      Serializer serializer) {
    this.connections = connections;
    this.transactions = transactions;
    this.eventSerializer = eventSerializer;
    this.serializer = serializer;
  }

  /** Axon's JDBC dead-letter queue of {@code group}. */
  public SequencedDeadLetterQueue<EventMessage<?>> queue(String group) {
    return ProjectionErrorHandling.queue(
        group, connections, transactions, eventSerializer, serializer);
  }

  /**
   * An invoker of the same handlers as {@code live} (a processor's invoker) that dead-letters into
   * {@code queue}, sequenced per aggregate.
   */
  public DeadLetteringEventHandlerInvoker deadLettering(
      EventHandlerInvoker live,
      SequencedDeadLetterQueue<EventMessage<?>> queue,
      TransactionManager transactionManager) {
    return DeadLetteringEventHandlerInvoker.builder()
        .eventHandlers(handlers(live))
        .sequencingPolicy(SequentialPerAggregatePolicy.instance())
        .queue(queue)
        .enqueuePolicy(ProjectionErrorHandling.POLICY)
        .transactionManager(transactionManager)
        .enableSequenceIdentifierCache()
        .build();
  }

  /**
   * The error handler of a processor that uses {@code invoker}: a failed batch is applied again one
   * event at a time and the events that still fail are dead-lettered in {@code queue}.
   */
  public ErrorHandler isolating(
      String group,
      EventHandlerInvoker invoker,
      Supplier<List<Segment>> segments,
      SequencedDeadLetterQueue<EventMessage<?>> queue,
      TransactionManager transactionManager) {
    return context -> {
      if (context.failedEvents().isEmpty()
          || ProjectionErrorHandling.isTransient(context.error())) {
        throw context.error() instanceof Exception e
            ? e
            : new IllegalStateException(context.error());
      }
      List<Segment> held = segments.get();
      ProjectionErrorHandling.isolate(
          group,
          invoker,
          held.isEmpty() ? List.of(Segment.ROOT_SEGMENT) : held,
          queue,
          transactionManager,
          context.failedEvents(),
          context.error());
    };
  }

  /** Makes {@code invoker} ask the queue again about sequences it had seen empty. */
  public static void forgetCachedSequences(EventHandlerInvoker invoker, Segment segment) {
    ProjectionErrorHandling.forgetCachedSequences(invoker, segment);
  }

  private static List<EventMessageHandler> handlers(EventHandlerInvoker invoker) {
    List<EventMessageHandler> handlers = new ArrayList<>();
    if (invoker instanceof MultiEventHandlerInvoker multi) {
      multi.delegates().forEach(delegate -> handlers.addAll(handlers(delegate)));
    } else if (invoker instanceof SimpleEventHandlerInvoker simple) {
      handlers.addAll(simple.eventHandlers());
    }
    return handlers;
  }
}
