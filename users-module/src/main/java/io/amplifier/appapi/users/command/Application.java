package io.amplifier.appapi.users.command;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import io.amplifier.appapi.users.api.ApplicationDeletedEvent;
import io.amplifier.appapi.users.api.ApplicationErrorCode;
import io.amplifier.appapi.users.api.ApplicationKeyRegeneratedEvent;
import io.amplifier.appapi.users.api.ApplicationQuotaSetEvent;
import io.amplifier.appapi.users.api.ApplicationRegisteredEvent;
import io.amplifier.appapi.users.api.DeleteApplicationCommand;
import io.amplifier.appapi.users.api.RegenerateApplicationKeyCommand;
import io.amplifier.appapi.users.api.RegisterApplicationCommand;
import io.amplifier.appapi.users.api.SetApplicationQuotaCommand;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

/**
 * A client application, identified by its {@code app_id}. The id itself is the uniqueness rule:
 * registering an id that is active fails, and two racing registrations of a new id collide on the
 * event store's unique (aggregate, sequence) key. A deleted application may be registered again, so
 * deletion is a state, not Axon's {@code markDeleted}. Command handlers answer the sequence number
 * of the event they produced, which the web layer waits for (read-your-writes).
 */
@Aggregate
class Application {

  @AggregateIdentifier private String aggregateId;
  private String appId;
  private boolean active;
  private long sequence = -1;

  /** For Axon. */
  protected Application() {}

  @CommandHandler
  @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
  long handle(RegisterApplicationCommand command) {
    if (active) {
      throw new ApplicationRuleException(
          ApplicationErrorCode.ALREADY_EXISTS,
          "Application '" + command.appId() + "' already exists");
    }
    apply(
        new ApplicationRegisteredEvent(
            command.appId(),
            command.appName(),
            command.keyPrefix(),
            command.keyHash(),
            command.admin(),
            command.settings(),
            command.jwksUrl(),
            command.publicKey()));
    return sequence;
  }

  @CommandHandler
  long handle(RegenerateApplicationKeyCommand command) {
    requireActive();
    apply(new ApplicationKeyRegeneratedEvent(appId, command.keyPrefix(), command.keyHash()));
    return sequence;
  }

  @CommandHandler
  long handle(DeleteApplicationCommand command) {
    requireActive();
    apply(new ApplicationDeletedEvent(appId));
    return sequence;
  }

  @CommandHandler
  long handle(SetApplicationQuotaCommand command) {
    requireActive();
    apply(new ApplicationQuotaSetEvent(appId, command.monthlyTokens()));
    return sequence;
  }

  private void requireActive() {
    if (!active) {
      throw new ApplicationRuleException(ApplicationErrorCode.NOT_FOUND, "Application not found");
    }
  }

  @EventSourcingHandler
  void on(ApplicationRegisteredEvent event, @SequenceNumber long sequence) {
    appId = event.appId();
    aggregateId = "application:" + event.appId();
    active = true;
    this.sequence = sequence;
  }

  @EventSourcingHandler
  void on(ApplicationKeyRegeneratedEvent event, @SequenceNumber long sequence) {
    this.sequence = sequence;
  }

  @EventSourcingHandler
  void on(ApplicationDeletedEvent event, @SequenceNumber long sequence) {
    active = false;
    this.sequence = sequence;
  }

  @EventSourcingHandler
  void on(ApplicationQuotaSetEvent event, @SequenceNumber long sequence) {
    this.sequence = sequence;
  }
}
