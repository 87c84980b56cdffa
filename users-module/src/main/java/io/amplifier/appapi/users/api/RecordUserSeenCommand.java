package io.amplifier.appapi.users.api;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Intent to record that a user acted through an application. */
public record RecordUserSeenCommand(String userId, String appId) {

  /** Users share the event store with other aggregates; their ids carry a prefix. */
  @TargetAggregateIdentifier
  public String aggregateId() {
    return "user:" + userId;
  }
}
