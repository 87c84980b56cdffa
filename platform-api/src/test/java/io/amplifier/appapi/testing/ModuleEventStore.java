package io.amplifier.appapi.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.amplifier.appapi.TestDatabase;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.axonframework.common.jdbc.DataSourceConnectionProvider;
import org.axonframework.common.jdbc.UnitOfWorkAwareConnectionProviderWrapper;
import org.axonframework.common.stream.BlockingStream;
import org.axonframework.common.transaction.NoTransactionManager;
import org.axonframework.eventhandling.AnnotationEventHandlerAdapter;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.eventsourcing.eventstore.jdbc.PostgresEventTableFactory;
import org.axonframework.messaging.MetaData;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.RollbackConfigurationType;
import org.axonframework.serialization.json.JacksonSerializer;
import org.axonframework.serialization.upcasting.event.EventUpcaster;
import org.axonframework.serialization.upcasting.event.EventUpcasterChain;
import org.axonframework.serialization.upcasting.event.NoOpEventUpcaster;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

/**
 * Axon's JDBC event store (BYTEA, as the application's) on this JVM's real PostgreSQL database
 * ({@link TestDatabase}), for a module's tests of what reads or appends events without the
 * application: entity histories, aggregates loaded from stored events, and projections fed from the
 * store the way a streaming processor feeds them ({@link Tail}). One store per JVM: tests tell
 * their aggregates apart by fresh identifiers.
 */
public final class ModuleEventStore {

  private static @Nullable EmbeddedEventStore store;

  private ModuleEventStore() {}

  /** The event store, its tables created on first use. */
  public static synchronized EventStore eventStore() {
    if (store == null) {
      JdbcEventStorageEngine engine = engine(NoOpEventUpcaster.INSTANCE);
      engine.createSchema(PostgresEventTableFactory.INSTANCE);
      store = EmbeddedEventStore.builder().storageEngine(engine).build();
    }
    return store;
  }

  /**
   * Another event store on the same tables that reads stored events through {@code upcasters} (as
   * the application's does through every module's), for tests of a module's upcasters.
   */
  public static EventStore withUpcasters(EventUpcaster... upcasters) {
    eventStore();
    return EmbeddedEventStore.builder()
        .storageEngine(engine(new EventUpcasterChain(upcasters)))
        .build();
  }

  private static JdbcEventStorageEngine engine(EventUpcaster upcasters) {
    SimpleDriverDataSource dataSource =
        new SimpleDriverDataSource(new org.postgresql.Driver(), TestDatabase.jdbcUrl());
    JacksonSerializer serializer =
        JacksonSerializer.builder()
            .objectMapper(new ObjectMapper().findAndRegisterModules())
            .build();
    return JdbcEventStorageEngine.builder()
        .connectionProvider(
            new UnitOfWorkAwareConnectionProviderWrapper(
                new DataSourceConnectionProvider(dataSource)))
        .transactionManager(NoTransactionManager.INSTANCE)
        .eventSerializer(serializer)
        .snapshotSerializer(serializer)
        .upcasterChain(upcasters)
        .build();
  }

  /** Appends {@code payloads} to aggregate {@code aggregateId} after its last event. */
  public static void append(
      String aggregateId, String type, Map<String, ?> metadata, Object... payloads) {
    EventStore events = eventStore();
    long next = events.lastSequenceNumberFor(aggregateId).map(n -> n + 1).orElse(0L);
    List<DomainEventMessage<?>> messages = new ArrayList<>();
    for (Object payload : payloads) {
      messages.add(
          new GenericDomainEventMessage<>(
              type, aggregateId, next++, payload, MetaData.from(metadata)));
    }
    events.publish(messages);
  }

  /** Publishes {@code payload} as an event of no aggregate (as the service's own audit facts). */
  public static void publish(Object payload, Map<String, ?> metadata) {
    eventStore().publish(new GenericEventMessage<>(payload, metadata));
  }

  /** A fresh aggregate identifier with {@code prefix}. */
  public static String freshId(String prefix) {
    return prefix + UUID.randomUUID();
  }

  /**
   * Feeds a projection every stored event it has not seen, in batches inside one unit of work each
   * (as Axon's streaming processors do, so work a projection defers to the commit runs), each event
   * carrying its tracking token.
   */
  public static final class Tail {
    private final AnnotationEventHandlerAdapter adapter;
    private @Nullable TrackingToken position;

    public Tail(Object projection) {
      this.adapter = new AnnotationEventHandlerAdapter(projection);
    }

    /** Skips every event stored so far, as a processor started at the head does. */
    public Tail atHead() {
      position = eventStore().createHeadToken();
      return this;
    }

    /**
     * Delivers every event after the last one delivered, at most {@code batch} per unit of work.
     */
    public int catchUp(int batch) {
      List<TrackedEventMessage<?>> all = new ArrayList<>();
      try (BlockingStream<TrackedEventMessage<?>> stream = eventStore().openStream(position)) {
        while (stream.hasNextAvailable()) {
          all.add(stream.nextAvailable());
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted reading the event store", e);
      }
      for (int from = 0; from < all.size(); from += batch) {
        deliver(all.subList(from, Math.min(all.size(), from + batch)));
      }
      if (!all.isEmpty()) {
        position = all.get(all.size() - 1).trackingToken();
      }
      return all.size();
    }

    /** Delivers everything stored, 100 events per unit of work. */
    public int catchUp() {
      return catchUp(100);
    }

    /** Runs the projection's reset handler and delivers every stored event again, as a rebuild. */
    public int replay() {
      try {
        adapter.prepareReset();
      } catch (Exception e) {
        throw new IllegalStateException("reset failed", e);
      }
      position = null;
      return catchUp();
    }

    private void deliver(List<TrackedEventMessage<?>> batch) {
      BatchingUnitOfWork<TrackedEventMessage<?>> unit = new BatchingUnitOfWork<>(batch);
      unit.executeWithResult(
          () -> adapter.handle((EventMessage<?>) CurrentUnitOfWork.get().getMessage()),
          RollbackConfigurationType.ANY_THROWABLE);
      unit.getExecutionResults()
          .forEach(
              (message, result) -> {
                if (result.isExceptionResult()) {
                  throw new IllegalStateException(
                      "projection failed on " + message.getPayloadType().getSimpleName(),
                      result.getExceptionResult());
                }
              });
    }
  }
}
