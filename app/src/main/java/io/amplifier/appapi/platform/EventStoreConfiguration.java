package io.amplifier.appapi.platform;

import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.jdbc.PersistenceExceptionResolver;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.Configuration;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.serialization.Serializer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;

/**
 * Axon's JDBC event storage engine as the auto-configuration builds it, but reading 1,000 events
 * per query instead of 100 (a replay of a large store makes a tenth of the round trips), and
 * storing events under stable type names.
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
      PersistenceExceptionResolver persistenceExceptionResolver,
      Serializer defaultSerializer,
      Configuration axon,
      ConnectionProvider connectionProvider,
      TransactionManager transactionManager,
      ObjectProvider<EventSchema> eventSchema,
      @Value("${amplifier.event-store.fetch-size:1000}") int fetchSize) {
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
}
