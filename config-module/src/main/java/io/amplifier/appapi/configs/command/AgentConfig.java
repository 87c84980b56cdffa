package io.amplifier.appapi.configs.command;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.amplifier.appapi.configs.api.ConfigCreatedEvent;
import io.amplifier.appapi.configs.api.ConfigDeletedEvent;
import io.amplifier.appapi.configs.api.ConfigErrorCode;
import io.amplifier.appapi.configs.api.ConfigId;
import io.amplifier.appapi.configs.api.ConfigSecretsRevealedEvent;
import io.amplifier.appapi.configs.api.ConfigUpdatedEvent;
import io.amplifier.appapi.configs.api.ConfigView;
import io.amplifier.appapi.configs.api.ConfigWritten;
import io.amplifier.appapi.configs.api.CreateConfigCommand;
import io.amplifier.appapi.configs.api.DeleteConfigCommand;
import io.amplifier.appapi.configs.api.RevealConfigSecretsCommand;
import io.amplifier.appapi.configs.api.UpdateConfigCommand;
import io.amplifier.appapi.configs.secrets.ConfigSecrets;
import io.amplifier.appapi.configs.secrets.DataKeyShredder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;
import org.jspecify.annotations.Nullable;

/**
 * An agent config. It validates every document, seals its secrets before they enter an event
 * (through {@link ConfigSecrets}, injected per command), enforces ownership (a stranger is told the
 * config does not exist) and optimistic concurrency on its content revision. Its creation answers
 * what it wrote ({@link ConfigWritten}, the whole answer with the request), an update the config as
 * its view now holds it; the other commands the sequence number of the event they produced.
 * Snapshots ({@link ConfigSnapshots}) carry this class's revision, and one of another revision is
 * ignored (the config is folded from its events instead): bump it whenever a field changes.
 */
@Aggregate(snapshotTriggerDefinition = "agentConfigSnapshotTrigger")
@org.axonframework.serialization.Revision("1")
@com.fasterxml.jackson.annotation.JsonAutoDetect(
    fieldVisibility = com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility.ANY)
class AgentConfig {

  @AggregateIdentifier private ConfigId configId;
  private String ownerId;
  private String name;
  private @Nullable String description;
  private ObjectNode configData;
  private Map<String, String> tags;
  private int revision;
  private boolean deleted;
  private long sequence = -1;
  private Instant writtenAt = Instant.EPOCH;
  private Instant createdAt = Instant.EPOCH;

  /** For Axon, which rebuilds the aggregate from its events (or a snapshot). */
  protected AgentConfig() {}

  /** Creates the config (a new aggregate each time) and answers what it wrote. */
  @CommandHandler
  @CreationPolicy(AggregateCreationPolicy.ALWAYS)
  ConfigWritten handle(CreateConfigCommand command, ConfigSecrets secrets, ConfigRules rules) {
    ConfigValidator.validate(command.configData());
    rules.validate(command.configData());
    ObjectNode sealed = secrets.seal(command.configId(), command.ownerId(), command.configData());
    apply(
        new ConfigCreatedEvent(
            command.configId(),
            command.ownerId(),
            command.name(),
            command.description(),
            sealed,
            command.tags()));
    return new ConfigWritten(sequence, revision, writtenAt);
  }

  /**
   * Answers the config as its view holds it once the update commits (the view is written in the
   * same transaction), so the caller needs no read.
   */
  @CommandHandler
  ConfigView handle(UpdateConfigCommand command, ConfigSecrets secrets, ConfigRules rules) {
    requireOwner(command.requesterId());
    if (command.expectedRevision() != null && command.expectedRevision() != revision) {
      throw new ConfigRuleException(
          ConfigErrorCode.STALE,
          "Config has changed since revision "
              + command.expectedRevision()
              + " (now "
              + revision
              + "); read it again and retry");
    }
    ObjectNode document =
        command.configData() != null ? command.configData().deepCopy() : configData.deepCopy();
    for (Map.Entry<String, JsonNode> section : command.sections().entrySet()) {
      document.set(section.getKey(), section.getValue());
    }
    ConfigValidator.validate(document);
    rules.validate(document);
    ObjectNode sealed = secrets.sealExisting(configId, ownerId, document);
    String newName = command.name() != null ? command.name() : name;
    String newDescription = command.description() != null ? command.description() : description;
    Map<String, String> newTags = command.tags() != null ? command.tags() : tags;
    List<String> changed = new ArrayList<>();
    if (!newName.equals(name)) {
      changed.add("name");
    }
    if (!Objects.equals(newDescription, description)) {
      changed.add("description");
    }
    if (!sealed.equals(configData)) {
      changed.add("config_data");
    }
    if (!newTags.equals(tags)) {
      changed.add("tags");
    }
    if (!changed.isEmpty()) {
      apply(
          new ConfigUpdatedEvent(
              configId,
              revision + 1,
              newName,
              newDescription,
              sealed,
              newTags,
              List.copyOf(changed)));
    }
    return new ConfigView(
        configId,
        ownerId,
        name,
        description,
        configData,
        tags,
        createdAt,
        writtenAt,
        revision,
        sequence);
  }

  @CommandHandler
  long handle(DeleteConfigCommand command, DataKeyShredder shredder) {
    requireOwner(command.requesterId());
    apply(new ConfigDeletedEvent(configId));
    shredder.shred(configId);
    return sequence;
  }

  @CommandHandler
  long handle(RevealConfigSecretsCommand command) {
    requireOwner(command.requesterId());
    apply(new ConfigSecretsRevealedEvent(configId, command.requesterId(), revision));
    return sequence;
  }

  private void requireOwner(String requesterId) {
    if (deleted || !ownerId.equals(requesterId)) {
      throw new ConfigRuleException(ConfigErrorCode.NOT_FOUND, "Config not found");
    }
  }

  @EventSourcingHandler
  void on(ConfigCreatedEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
    this.writtenAt = at;
    this.createdAt = at;
    this.configId = event.configId();
    this.ownerId = event.ownerId();
    this.name = event.name();
    this.description = event.description();
    this.configData = event.configData();
    this.tags = event.tags();
    this.revision = 1;
    this.sequence = sequence;
  }

  @EventSourcingHandler
  void on(ConfigUpdatedEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
    this.writtenAt = at;
    this.name = event.name();
    this.description = event.description();
    this.configData = event.configData();
    this.tags = event.tags();
    this.revision = event.revision();
    this.sequence = sequence;
  }

  @EventSourcingHandler
  void on(ConfigDeletedEvent event, @SequenceNumber long sequence) {
    this.deleted = true;
    this.sequence = sequence;
  }

  @EventSourcingHandler
  void on(ConfigSecretsRevealedEvent event, @SequenceNumber long sequence) {
    this.sequence = sequence;
  }
}
