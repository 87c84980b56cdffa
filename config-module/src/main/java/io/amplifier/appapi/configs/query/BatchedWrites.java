package io.amplifier.appapi.configs.query;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Collects a projection's row writes for the current unit of work when it is a streaming
 * processor's batch (a rebuild's replay) and sends them as JDBC batches, in order, just before that
 * unit of work commits: one round trip per statement kind instead of one per event, in the same
 * transaction as the token. Inline, in a command's unit of work, each write goes at once.
 */
final class BatchedWrites {

  private final JdbcTemplate jdbc;
  private final String resourceKey;
  private final Runnable beforeCommit;

  /**
   * @param beforeCommit runs in the transaction after the writes, e.g. to register an after-commit
   *     signal
   */
  BatchedWrites(JdbcTemplate jdbc, String resourceKey, Runnable beforeCommit) {
    this.jdbc = jdbc;
    this.resourceKey = resourceKey;
    this.beforeCommit = beforeCommit;
  }

  void add(String sql, @Nullable Object... args) {
    if (!CurrentUnitOfWork.isStarted()
        || !(CurrentUnitOfWork.get().root().getMessage() instanceof EventMessage<?>)) {
      // Inline, in a command's unit of work: at once, so a failure fails the handler (and the
      // command) rather than the commit.
      jdbc.update(sql, args);
      beforeCommit.run();
      return;
    }
    UnitOfWork<?> root = CurrentUnitOfWork.get().root();
    Map<String, List<Object[]>> pending =
        root.getOrComputeResource(
            resourceKey,
            key -> {
              Map<String, List<Object[]>> batches = new LinkedHashMap<>();
              root.onPrepareCommit(unit -> flush(batches));
              return batches;
            });
    if (!pending.isEmpty() && !pending.containsKey(sql)) {
      // Keep the order of events across statement kinds: flush what is queued first.
      flush(pending);
    }
    pending.computeIfAbsent(sql, s -> new ArrayList<>()).add(args);
  }

  private void flush(Map<String, List<Object[]>> batches) {
    if (batches.isEmpty()) {
      return;
    }
    batches.forEach(jdbc::batchUpdate);
    batches.clear();
    beforeCommit.run();
  }
}
