package io.amplifier.appapi.users.command;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import io.amplifier.appapi.users.api.RecordUserSeenCommand;
import io.amplifier.appapi.users.api.SetUserQuotaCommand;
import io.amplifier.appapi.users.api.UserFirstSeenEvent;
import io.amplifier.appapi.users.api.UserQuotaSetEvent;
import io.amplifier.appapi.users.api.UserSeenAgainEvent;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

/**
 * An end user, known from the first request that named them, or from an admin giving them a token
 * budget before it.
 */
@Aggregate
class User {

  @AggregateIdentifier private String aggregateId;
  private boolean seen;
  private long sequence = -1;

  /** For Axon. */
  protected User() {}

  @CommandHandler
  @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
  void handle(RecordUserSeenCommand command) {
    if (!seen) {
      apply(new UserFirstSeenEvent(command.userId(), command.appId()));
    } else {
      apply(new UserSeenAgainEvent(command.userId(), command.appId()));
    }
  }

  /** Sets or removes the user's budget; answers the event's sequence number. */
  @CommandHandler
  @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
  long handle(SetUserQuotaCommand command) {
    apply(new UserQuotaSetEvent(command.userId(), command.monthlyTokens()));
    return sequence;
  }

  @EventSourcingHandler
  void on(UserFirstSeenEvent event, @SequenceNumber long sequence) {
    aggregateId = "user:" + event.userId();
    seen = true;
    this.sequence = sequence;
  }

  @EventSourcingHandler
  void on(UserSeenAgainEvent event, @SequenceNumber long sequence) {
    this.sequence = sequence;
  }

  @EventSourcingHandler
  void on(UserQuotaSetEvent event, @SequenceNumber long sequence) {
    aggregateId = "user:" + event.userId();
    this.sequence = sequence;
  }
}
