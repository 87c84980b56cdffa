package io.amplifier.appapi.configs.query;

import io.amplifier.appapi.platform.api.ProjectionCommits;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;

/**
 * A row of a view table: a deleted entity stays as a tombstone that readers can wait for.
 *
 * @param view what the row holds
 * @param deleted whether it is a tombstone
 */
record ViewRow<V>(V view, boolean deleted) {

  /**
   * The live view {@code load} reads once it holds {@code minVersion}, if {@code requester} owns
   * it; empty for unknown, deleted and foreign rows.
   */
  static <V> Optional<V> owned(
      ProjectionCommits updates,
      Supplier<Optional<ViewRow<V>>> load,
      ToLongFunction<V> version,
      long minVersion,
      Function<V, String> owner,
      String requester) {
    return updates
        .readAtLeast(load, r -> version.applyAsLong(r.view()), minVersion)
        .filter(r -> !r.deleted())
        .map(ViewRow::view)
        .filter(v -> owner.apply(v).equals(requester));
  }
}
