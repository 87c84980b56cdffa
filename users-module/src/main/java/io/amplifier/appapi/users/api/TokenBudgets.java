package io.amplifier.appapi.users.api;

import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * The monthly token budgets of users and applications, and what each month used of them, kept in
 * PostgreSQL so that every node sees one count. A provider call reserves before it runs and settles
 * after; a reservation that is never settled (the node died) lapses after its hold.
 */
public interface TokenBudgets {

  /** This month's budget of {@code subject} of {@code kind} (a budget with no limit when unset). */
  TokenBudget budget(String kind, String subject);

  /**
   * The first of the application's and the user's budgets with nothing left this month, if any;
   * {@code appId} may be null (a call on no application's behalf).
   */
  Optional<TokenBudget> exhausted(UserId user, @Nullable String appId);

  /**
   * Reserves {@code tokens} for one provider call against the application's and the user's budget
   * of this month: granted while something is left of each (so concurrent calls overshoot a budget
   * by at most one reservation), else refused by the budget with nothing left. Held for {@code
   * hold} unless settled.
   */
  Reservation reserve(UserId user, @Nullable String appId, long tokens, Duration hold);

  /**
   * Settles a granted reservation with the {@code used} tokens the provider reported (0 when the
   * call failed): the hold is released, the use counted for the user and the application.
   */
  void settle(Reservation reservation, long used);

  /**
   * A provider call's reservation: granted ({@code id} set) or refused by the budget {@code
   * refusedBy}.
   */
  record Reservation(
      @Nullable UUID id,
      UserId user,
      @Nullable String appId,
      long tokens,
      @Nullable TokenBudget refusedBy) {}
}
