package io.amplifier.appapi.configs.command;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.amplifier.appapi.configs.api.CreateRecipeCommand;
import io.amplifier.appapi.configs.api.DeleteRecipeCommand;
import io.amplifier.appapi.configs.api.RecipeCreatedEvent;
import io.amplifier.appapi.configs.api.RecipeDeletedEvent;
import io.amplifier.appapi.configs.api.RecipeErrorCode;
import io.amplifier.appapi.configs.api.RecipeId;
import io.amplifier.appapi.configs.api.RecipeUpdatedEvent;
import io.amplifier.appapi.configs.api.RecipeView;
import io.amplifier.appapi.configs.api.UpdateRecipeCommand;
import java.time.Instant;
import java.util.Map;
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
 * A recipe: a validated workflow document with a name unique among its owner's recipes. Its
 * revision (the ETag) is its event sequence number plus one: created is revision 1.
 */
@Aggregate
class Recipe {

  @AggregateIdentifier private RecipeId recipeId;
  private String ownerId;
  private String name;
  private ObjectNode recipeData;
  private Map<String, String> tags;
  private boolean deleted;
  private long sequence = -1;
  private Instant createdAt = Instant.EPOCH;
  private Instant updatedAt = Instant.EPOCH;

  /** For Axon, which rebuilds the aggregate from its events. */
  protected Recipe() {}

  /** Creates the recipe (a new aggregate each time) and answers it as its view now holds it. */
  @CommandHandler
  @CreationPolicy(AggregateCreationPolicy.ALWAYS)
  RecipeView handle(CreateRecipeCommand command, RecipeNames names) {
    String recipeName = RecipeValidator.validate(command.recipeData());
    names.claim(command.ownerId(), recipeName, command.recipeId());
    apply(
        new RecipeCreatedEvent(
            command.recipeId(),
            command.ownerId(),
            recipeName,
            command.recipeData(),
            command.tags()));
    return view();
  }

  /** Answers the recipe as its view holds it once the update commits (the same transaction). */
  @CommandHandler
  RecipeView handle(UpdateRecipeCommand command, RecipeNames names) {
    requireOwner(command.requesterId());
    if (command.expectedRevision() != null && command.expectedRevision() != sequence + 1) {
      throw new RecipeRuleException(
          RecipeErrorCode.STALE,
          null,
          "Recipe has changed since revision "
              + command.expectedRevision()
              + " (now "
              + (sequence + 1)
              + "); read it again and retry");
    }
    ObjectNode data = (command.recipeData() != null ? command.recipeData() : recipeData).deepCopy();
    putIfGiven(data, "name", command.name());
    putIfGiven(data, "description", command.description());
    putIfGiven(data, "version", command.version());
    String newName = RecipeValidator.validate(data);
    if (!newName.equals(name)) {
      names.claim(ownerId, newName, recipeId);
      names.release(ownerId, name);
    }
    apply(
        new RecipeUpdatedEvent(
            recipeId, newName, data, command.tags() != null ? command.tags() : tags));
    return view();
  }

  @CommandHandler
  long handle(DeleteRecipeCommand command, RecipeNames names) {
    requireOwner(command.requesterId());
    names.release(ownerId, name);
    apply(new RecipeDeletedEvent(recipeId));
    return sequence;
  }

  private RecipeView view() {
    return new RecipeView(
        recipeId, ownerId, name, recipeData, tags, createdAt, updatedAt, sequence);
  }

  /** The original's clients send these beside the document; given, they win over it. */
  private static void putIfGiven(ObjectNode data, String field, @Nullable String value) {
    if (value != null) {
      data.put(field, value);
    }
  }

  private void requireOwner(String requesterId) {
    if (deleted || !ownerId.equals(requesterId)) {
      throw new RecipeRuleException(RecipeErrorCode.NOT_FOUND, null, "Recipe not found");
    }
  }

  @EventSourcingHandler
  void on(RecipeCreatedEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
    createdAt = at;
    updatedAt = at;
    recipeId = event.recipeId();
    ownerId = event.ownerId();
    name = event.name();
    recipeData = event.recipeData();
    tags = event.tags();
    this.sequence = sequence;
  }

  @EventSourcingHandler
  void on(RecipeUpdatedEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
    updatedAt = at;
    name = event.name();
    recipeData = event.recipeData();
    tags = event.tags();
    this.sequence = sequence;
  }

  @EventSourcingHandler
  void on(RecipeDeletedEvent event, @SequenceNumber long sequence) {
    deleted = true;
    this.sequence = sequence;
  }
}
