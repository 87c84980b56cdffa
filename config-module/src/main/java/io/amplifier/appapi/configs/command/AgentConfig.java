package io.amplifier.appapi.configs.command;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import io.amplifier.appapi.configs.api.ConfigCreatedEvent;
import io.amplifier.appapi.configs.api.ConfigId;
import io.amplifier.appapi.configs.api.CreateConfigCommand;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

/** An agent config: decides on config commands and remembers only what later decisions need. */
@Aggregate
class AgentConfig {

  @AggregateIdentifier private ConfigId configId;
  private String ownerId;

  /** For Axon, which rebuilds the aggregate from its events. */
  protected AgentConfig() {}

  @CommandHandler
  AgentConfig(CreateConfigCommand command) {
    apply(
        new ConfigCreatedEvent(
            command.configId(),
            command.ownerId(),
            command.name(),
            command.description(),
            command.configData(),
            command.tags()));
  }

  @EventSourcingHandler
  void on(ConfigCreatedEvent event) {
    this.configId = event.configId();
    this.ownerId = event.ownerId();
  }

  String ownerId() {
    return ownerId;
  }
}
