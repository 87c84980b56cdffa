package io.amplifier.appapi.users.api;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Intent to replace an application's API key with a new, already hashed one. */
public record RegenerateApplicationKeyCommand(String appId, String keyPrefix, String keyHash) {

  /** Applications share the event store with other aggregates; their ids carry a prefix. */
  @TargetAggregateIdentifier
  public String aggregateId() {
    return "application:" + appId;
  }
}
