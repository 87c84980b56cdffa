package io.amplifier.appapi.users.api;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.jspecify.annotations.Nullable;

/** Intent to set an application's monthly token budget; null removes it. */
public record SetApplicationQuotaCommand(String appId, @Nullable Long monthlyTokens) {

  /** Applications share the event store with other aggregates; their ids carry a prefix. */
  @TargetAggregateIdentifier
  public String aggregateId() {
    return "application:" + appId;
  }
}
