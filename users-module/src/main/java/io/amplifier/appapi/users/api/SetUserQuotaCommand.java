package io.amplifier.appapi.users.api;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.jspecify.annotations.Nullable;

/**
 * Intent to set a user's monthly token budget ({@code userId} as keyed inside); null removes it.
 */
public record SetUserQuotaCommand(String userId, @Nullable Long monthlyTokens) {

  /** Users share the event store with other aggregates; their ids carry a prefix. */
  @TargetAggregateIdentifier
  public String aggregateId() {
    return "user:" + userId;
  }
}
