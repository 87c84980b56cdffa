package io.amplifier.appapi.platform.api;

import java.util.Optional;
import java.util.Set;

/**
 * A module's translation of its own refusals (aggregate rule violations, its web layer's
 * exceptions) into {@link Problem}s, for the routes of its controllers only: the same exception may
 * mean "Config not found" on one route and "Session not found" on another. A Spring bean; the
 * application's one problem+json advice asks every mapping that covers the failing controller.
 */
public interface ProblemMapping {

  /** The controllers whose routes this mapping answers for. */
  Set<Class<?>> controllers();

  /** The answer to {@code failure}, or empty when this mapping does not know it. */
  Optional<Problem> problemFor(Throwable failure);
}
