package io.amplifier.appapi.users.api;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Intent to delete an application. */
public record DeleteApplicationCommand(String appId) {

  /** Applications share the event store with other aggregates; their ids carry a prefix. */
  @TargetAggregateIdentifier
  public String aggregateId() {
    return "application:" + appId;
  }
}
