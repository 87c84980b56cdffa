package io.amplifier.appapi.admin;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.deadletter.jdbc.JdbcDeadLetter;
import org.axonframework.messaging.deadletter.DeadLetter;
import org.axonframework.messaging.deadletter.SequencedDeadLetterProcessor;
import org.axonframework.messaging.deadletter.SequencedDeadLetterQueue;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The projections' dead letters (Axon's JDBC dead-letter queue, table {@code deadletterentry}) as
 * an operator handles them: listed per processing group and sequence (aggregate), retried through
 * the projection's own handlers, or evicted.
 */
@Component
class DeadLetters {

  private static final Logger log = LoggerFactory.getLogger(DeadLetters.class);

  /** Most letters listed in one answer (the count says how many wait in all). */
  static final int LIST_LIMIT = 500;

  private final EventProcessingConfiguration processing;
  private final TransactionManager transactions;
  private final JdbcTemplate jdbc;

  DeadLetters(
      EventProcessingConfiguration processing, TransactionManager transactions, JdbcTemplate jdbc) {
    this.processing = processing;
    this.transactions = transactions;
    this.jdbc = jdbc;
  }

  /** One dead-lettered event: the first of a sequence failed, the later ones wait behind it. */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  record Letter(
      long index,
      String eventId,
      String eventType,
      String aggregateId,
      Long sequenceNumber,
      String causeType,
      String cause,
      @Nullable Instant enqueuedAt,
      @Nullable Instant lastTouched) {}

  /** The dead letters of one aggregate (sequence) in one processing group, in order. */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  record Sequence(String processingGroup, String sequenceId, int count, List<Letter> letters) {}

  /** Every waiting dead letter, per processing group. */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  record Listing(long count, boolean truncated, Map<String, List<Sequence>> groups) {}

  /** What a retry did: sequences recovered and the ones that still fail (their letters stay). */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  record RetryOutcome(
      String processingGroup, int recovered, int stillFailing, @Nullable String cause) {}

  /** The processing groups that dead-letter, known on this node. */
  List<String> groups() {
    return processing.eventProcessors().keySet().stream()
        .filter(name -> processing.deadLetterQueue(name).isPresent())
        .sorted()
        .toList();
  }

  boolean knows(String group) {
    return processing.deadLetterQueue(group).isPresent();
  }

  /** How many dead letters wait, in every group. */
  long count() {
    Long count = jdbc.queryForObject("SELECT count(*) FROM deadletterentry", Long.class);
    return count == null ? 0 : count;
  }

  long count(String group) {
    Long count =
        jdbc.queryForObject(
            "SELECT count(*) FROM deadletterentry WHERE processinggroup = ?", Long.class, group);
    return count == null ? 0 : count;
  }

  Listing list() {
    Map<String, Map<String, List<Letter>>> byGroup = new LinkedHashMap<>();
    jdbc.query(
        "SELECT processinggroup, sequenceidentifier, sequenceindex, eventidentifier, payloadtype,"
            + " aggregateidentifier, sequencenumber, causetype, causemessage, enqueuedat,"
            + " lasttouched FROM deadletterentry"
            + " ORDER BY processinggroup, sequenceidentifier, sequenceindex LIMIT ?",
        rs -> {
          byGroup
              .computeIfAbsent(rs.getString(1), g -> new LinkedHashMap<>())
              .computeIfAbsent(rs.getString(2), s -> new ArrayList<>())
              .add(
                  new Letter(
                      rs.getLong(3),
                      rs.getString(4),
                      rs.getString(5),
                      rs.getString(6),
                      rs.getObject(7, Long.class),
                      rs.getString(8),
                      rs.getString(9),
                      instant(rs.getString(10)),
                      instant(rs.getString(11))));
        },
        LIST_LIMIT + 1);
    long total = count();
    Map<String, List<Sequence>> groups = new LinkedHashMap<>();
    int listed = 0;
    for (Map.Entry<String, Map<String, List<Letter>>> group : byGroup.entrySet()) {
      List<Sequence> sequences = new ArrayList<>();
      for (Map.Entry<String, List<Letter>> sequence : group.getValue().entrySet()) {
        List<Letter> letters = sequence.getValue();
        if (listed + letters.size() > LIST_LIMIT) {
          letters = letters.subList(0, Math.max(0, LIST_LIMIT - listed));
        }
        listed += letters.size();
        if (!letters.isEmpty()) {
          sequences.add(
              new Sequence(
                  group.getKey(),
                  sequence.getKey(),
                  (int) sequenceSize(group.getKey(), sequence.getKey()),
                  letters));
        }
      }
      groups.put(group.getKey(), sequences);
    }
    return new Listing(total, total > listed, groups);
  }

  private long sequenceSize(String group, String sequence) {
    Long size =
        jdbc.queryForObject(
            "SELECT count(*) FROM deadletterentry WHERE processinggroup = ? AND sequenceidentifier = ?",
            Long.class,
            group,
            sequence);
    return size == null ? 0 : size;
  }

  boolean contains(String group, String sequence) {
    return queue(group).map(q -> q.contains(sequence)).orElse(false);
  }

  /**
   * Applies the sequence's letters, in order, through the projection's handlers, in one
   * transaction: all of them and the letters leave the queue, or none and they stay.
   */
  RetryOutcome retry(String group, String sequence) {
    return retry(group, List.of(sequence));
  }

  /** Retries every sequence of {@code group}, each on its own. */
  RetryOutcome retryAll(String group) {
    List<String> sequences =
        jdbc.queryForList(
            "SELECT DISTINCT sequenceidentifier FROM deadletterentry WHERE processinggroup = ?"
                + " ORDER BY sequenceidentifier LIMIT ?",
            String.class,
            group,
            LIST_LIMIT);
    return retry(group, sequences);
  }

  private RetryOutcome retry(String group, List<String> sequences) {
    SequencedDeadLetterProcessor<EventMessage<?>> processor =
        processing.sequencedDeadLetterProcessor(group).orElseThrow();
    int recovered = 0;
    int failing = 0;
    String cause = null;
    for (String sequence : sequences) {
      try {
        boolean done = processor.process(letter -> sequence.equals(sequenceOf(letter)));
        if (done && !contains(group, sequence)) {
          recovered++;
          continue;
        }
      } catch (RuntimeException e) {
        cause = summary(e);
        log.warn("Retry of dead letters {} of {} failed: {}", sequence, group, cause);
      }
      failing++;
    }
    return new RetryOutcome(group, recovered, failing, cause);
  }

  /** Removes the sequence's letters for good; returns how many. */
  int evict(String group, String sequence) {
    SequencedDeadLetterQueue<EventMessage<?>> queue = queue(group).orElseThrow();
    int[] evicted = new int[1];
    transactions.executeInTransaction(
        () -> {
          for (DeadLetter<? extends EventMessage<?>> letter : queue.deadLetterSequence(sequence)) {
            queue.evict(letter);
            evicted[0]++;
          }
        });
    return evicted[0];
  }

  private Optional<SequencedDeadLetterQueue<EventMessage<?>>> queue(String group) {
    return processing.deadLetterQueue(group);
  }

  private static String sequenceOf(DeadLetter<? extends EventMessage<?>> letter) {
    if (letter instanceof JdbcDeadLetter<?> jdbc) {
      return jdbc.getSequenceIdentifier();
    }
    return letter.message() instanceof DomainEventMessage<?> domain
        ? domain.getAggregateIdentifier()
        : letter.message().getIdentifier();
  }

  /** The error's class and SQLState: what an operator may see (never a message). */
  static String summary(Throwable error) {
    Throwable root = error;
    String state = null;
    int depth = 0;
    for (Throwable t = error;
        t != null && depth++ < 32;
        t = t.getCause() == t ? null : t.getCause()) {
      root = t;
      if (t instanceof java.sql.SQLException sql && sql.getSQLState() != null) {
        state = sql.getSQLState();
      }
    }
    String reason = root.getClass().getName();
    return state == null ? reason : reason + " (SQLState " + state + ")";
  }

  private static @Nullable Instant instant(@Nullable String text) {
    if (text == null) {
      return null;
    }
    try {
      return Instant.parse(text);
    } catch (RuntimeException e) {
      return null;
    }
  }
}
