package io.amplifier.appapi.platform.eventstore;

import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.jdbc.PersistenceExceptionResolver;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.Configuration;
import org.axonframework.eventhandling.EventBusSpanFactory;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcSQLErrorCodesResolver;
import org.axonframework.serialization.Serializer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;

/**
 * Axon's JDBC event storage engine as the auto-configuration builds it, but reading 1,000 events
 * per query instead of 100 (a replay of a large store makes a tenth of the round trips), and
 * storing events under stable type names; and Axon's embedded event store with a smaller cache of
 * recent events.
 */
@org.springframework.context.annotation.Configuration(proxyBeanMethods = false)
class EventStoreConfiguration {

  /**
   * Events are stored under stable names ({@link EventTypeNames}), not Java class names, with the
   * same object mapper and revision resolver Axon would use.
   */
  @Bean
  @Qualifier("eventSerializer")
  Serializer eventSerializer(
      Serializer serializer, org.axonframework.serialization.RevisionResolver revisionResolver) {
    com.fasterxml.jackson.databind.ObjectMapper mapper =
        serializer instanceof org.axonframework.serialization.json.JacksonSerializer jackson
            ? jackson.getObjectMapper()
            : new com.fasterxml.jackson.databind.ObjectMapper();
    return new StableNameSerializer(
        org.axonframework.serialization.json.JacksonSerializer.builder()
            .revisionResolver(revisionResolver)
            .objectMapper(mapper),
        new EventTypeNames());
  }

  @Bean
  EventStorageEngine eventStorageEngine(
      @Qualifier("eventSerializer") Serializer eventSerializer,
      ObjectProvider<PersistenceExceptionResolver> persistenceExceptionResolvers,
      Serializer defaultSerializer,
      Configuration axon,
      ConnectionProvider connectionProvider,
      TransactionManager transactionManager,
      ObjectProvider<EventSchema> eventSchema,
      @Value("${amplifier.event-store.fetch-size:1000}") int fetchSize) {
    // Axon's auto-configuration backs off from its resolver (and its schema) once an event store is
    // defined here: the same resolver it would have made.
    PersistenceExceptionResolver persistenceExceptionResolver =
        persistenceExceptionResolvers.getIfAvailable(JdbcSQLErrorCodesResolver::new);
    return JdbcEventStorageEngine.builder()
        .snapshotSerializer(defaultSerializer)
        .upcasterChain(axon.upcasterChain())
        // Axon's resolver misses PostgreSQL's duplicate key inside a batch insert: a lost race
        // must surface as Axon's ConcurrencyException, not as a generic EventStoreException.
        .persistenceExceptionResolver(
            e ->
                persistenceExceptionResolver.isDuplicateKeyViolation(e)
                    || Failures.isDuplicateKey(e))
        .eventSerializer(eventSerializer)
        .snapshotFilter(axon.snapshotFilter())
        .connectionProvider(connectionProvider)
        .transactionManager(transactionManager)
        .schema(eventSchema.getIfAvailable(EventSchema::new))
        .batchSize(fetchSize)
        .build();
  }

  /**
   * The embedded event store as Axon's auto-configuration builds it (same monitor and span
   * factory), but keeping the 2,000 most recent events for the streaming processors that tail it
   * instead of Axon's 10,000. Each cached event keeps its stored entry and, once a processor has
   * read it, its deserialized payload: about 4 KB for a config, so the 10,000 were about 38 MB of
   * the live heap after a minute of creates (docs/benchmarks.md, "Issue 22, point 6: memory"). The
   * processors follow the head within a batch or two; one that falls further behind reads from the
   * database on its own stream, as on a replay, and rejoins the cache when it has caught up.
   */
  @Bean
  EmbeddedEventStore eventStore(
      EventStorageEngine storageEngine,
      Configuration axon,
      @Value("${amplifier.event-store.cached-events:2000}") int cachedEvents) {
    return EmbeddedEventStore.builder()
        .storageEngine(storageEngine)
        .messageMonitor(axon.messageMonitor(EventStore.class, "eventStore"))
        .spanFactory(axon.getComponent(EventBusSpanFactory.class))
        .cachedEvents(cachedEvents)
        .build();
  }
}
