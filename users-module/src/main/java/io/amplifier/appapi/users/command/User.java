package io.amplifier.appapi.users.command;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import io.amplifier.appapi.users.api.RecordUserSeenCommand;
import io.amplifier.appapi.users.api.UserFirstSeenEvent;
import io.amplifier.appapi.users.api.UserSeenAgainEvent;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

/** An end user, known from the first request that named them. */
@Aggregate
class User {

  @AggregateIdentifier private String aggregateId;

  /** For Axon. */
  protected User() {}

  @CommandHandler
  @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
  void handle(RecordUserSeenCommand command) {
    if (aggregateId == null) {
      apply(new UserFirstSeenEvent(command.userId(), command.appId()));
    } else {
      apply(new UserSeenAgainEvent(command.userId(), command.appId()));
    }
  }

  @EventSourcingHandler
  void on(UserFirstSeenEvent event) {
    aggregateId = "user:" + event.userId();
  }
}
