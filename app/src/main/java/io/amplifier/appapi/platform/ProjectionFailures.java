package io.amplifier.appapi.platform;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.SQLException;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Records an event a projection could not apply, in {@code projection_failures}, in its own
 * transaction (the projection's is rolled back). The log line and the row carry the event's ids,
 * its type and the error's class and SQLState: never the payload or an error message, which may
 * hold user data or secrets. Each record counts {@code amplifier.projection.failures}.
 */
@Component
class ProjectionFailures {

  private static final Logger log = LoggerFactory.getLogger(ProjectionFailures.class);

  private static final String UPSERT =
      """
      INSERT INTO projection_failures (processor, event_id, global_index, aggregate_id,
                                       sequence_number, event_type, error)
      VALUES (?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT (processor, event_id) DO UPDATE SET
          attempts = projection_failures.attempts + 1, error = EXCLUDED.error,
          last_failed_at = now()
      """;

  private final JdbcTemplate jdbc;
  private final TransactionTemplate ownTransaction;
  private final ObjectProvider<MeterRegistry> meters;

  ProjectionFailures(
      JdbcTemplate jdbc,
      PlatformTransactionManager transactions,
      ObjectProvider<MeterRegistry> meters) {
    this.jdbc = jdbc;
    this.ownTransaction = new TransactionTemplate(transactions);
    this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    this.meters = meters;
  }

  void record(String processor, EventMessage<?> event, Throwable error) {
    Long globalIndex =
        event instanceof TrackedEventMessage<?> tracked && tracked.trackingToken() != null
            ? (tracked.trackingToken().position().isPresent()
                ? tracked.trackingToken().position().getAsLong()
                : null)
            : null;
    String aggregateId = null;
    Long sequence = null;
    if (event instanceof DomainEventMessage<?> domain) {
      aggregateId = domain.getAggregateIdentifier();
      sequence = domain.getSequenceNumber();
    }
    String type = event.getPayloadType().getSimpleName();
    String reason = reason(error);
    log.error(
        "Projection {} skipped event {} ({} of aggregate {}, global index {}): {}."
            + " Listed at GET /admin/projections.",
        processor,
        event.getIdentifier(),
        type,
        aggregateId,
        globalIndex,
        reason);
    MeterRegistry registry = meters.getIfAvailable();
    if (registry != null) {
      Counter.builder("amplifier.projection.failures")
          .tag("processor", processor)
          .register(registry)
          .increment();
    }
    try {
      String id = aggregateId;
      Long seq = sequence;
      ownTransaction.executeWithoutResult(
          status ->
              jdbc.update(
                  UPSERT,
                  processor,
                  event.getIdentifier(),
                  globalIndex,
                  id,
                  seq,
                  type,
                  reason));
    } catch (RuntimeException e) {
      log.warn(
          "Could not record the failure of event {} in projection {}: {}",
          event.getIdentifier(),
          processor,
          e.getClass().getName());
    }
  }

  /** The error's class chain and SQLState, e.g. {@code ...PSQLException (SQLState 22021)}. */
  static String reason(Throwable error) {
    Throwable root = error;
    String state = null;
    for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
      root = t;
      if (t instanceof SQLException sql && sql.getSQLState() != null) {
        state = sql.getSQLState();
      }
    }
    String reason =
        root == error
            ? error.getClass().getName()
            : error.getClass().getName() + " caused by " + root.getClass().getName();
    return state == null ? reason : reason + " (SQLState " + state + ")";
  }
}
