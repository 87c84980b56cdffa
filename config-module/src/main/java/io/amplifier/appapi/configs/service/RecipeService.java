package io.amplifier.appapi.configs.service;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.amplifier.appapi.configs.api.CreateRecipeCommand;
import io.amplifier.appapi.configs.api.DeleteRecipeCommand;
import io.amplifier.appapi.configs.api.FindRecipeAsOfQuery;
import io.amplifier.appapi.configs.api.FindRecipeQuery;
import io.amplifier.appapi.configs.api.RecipeId;
import io.amplifier.appapi.configs.api.RecipeView;
import io.amplifier.appapi.configs.api.UpdateRecipeCommand;
import io.amplifier.appapi.platform.api.InputPatterns;
import io.amplifier.appapi.users.api.Caller;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;

/**
 * The recipe routes' work: create (top-level name, description and version win over the document's,
 * as the original's clients send them), read (also as it was), update, delete. The view row is
 * written in each command's transaction (inline): the command answers it.
 */
@Service
public class RecipeService {

  public static final String NOT_FOUND = "Recipe not found";

  private final CommandGateway commands;
  private final QueryGateway queries;

  RecipeService(CommandGateway commands, QueryGateway queries) {
    this.commands = commands;
    this.queries = queries;
  }

  public RecipeView create(
      ObjectNode recipeData,
      @Nullable Map<String, String> tags,
      @Nullable String name,
      @Nullable String description,
      @Nullable String version,
      Caller caller) {
    ObjectNode data = recipeData.deepCopy();
    putIfGiven(data, "name", name);
    putIfGiven(data, "description", description);
    putIfGiven(data, "version", version);
    return commands.sendAndWait(
        new CreateRecipeCommand(
            RecipeId.random(), caller.userId().value(), data, tags == null ? Map.of() : tags));
  }

  /** The recipe now, or as it was at {@code version} and/or {@code asOf}. */
  public RecipeView read(
      String recipeId, @Nullable Long version, @Nullable Instant asOf, Caller caller) {
    RecipeId id = parse(recipeId);
    if (version != null || asOf != null) {
      return queries
          .query(
              new FindRecipeAsOfQuery(id, caller.userId().value(), version, asOf),
              ResponseTypes.optionalInstanceOf(RecipeView.class))
          .join()
          .orElseThrow(() -> new NotFoundException(NOT_FOUND));
    }
    return queries
        .query(
            new FindRecipeQuery(id, caller.userId().value(), -1),
            ResponseTypes.optionalInstanceOf(RecipeView.class))
        .join()
        .orElseThrow(() -> new NotFoundException(NOT_FOUND));
  }

  /** Changes the given parts only, if the recipe is still at the {@code If-Match} revision. */
  public RecipeView update(
      String recipeId,
      @Nullable ObjectNode recipeData,
      @Nullable Map<String, String> tags,
      @Nullable String name,
      @Nullable String description,
      @Nullable String version,
      @Nullable String ifMatch,
      Caller caller) {
    return commands.sendAndWait(
        new UpdateRecipeCommand(
            parse(recipeId),
            caller.userId().value(),
            recipeData,
            tags,
            name,
            description,
            version,
            ConfigService.expectedRevision(ifMatch)));
  }

  /** Deletes the recipe once its view has seen the deletion. */
  public void delete(String recipeId, Caller caller) {
    RecipeId id = parse(recipeId);
    long sequence = commands.sendAndWait(new DeleteRecipeCommand(id, caller.userId().value()));
    queries
        .query(
            new FindRecipeQuery(id, caller.userId().value(), sequence),
            ResponseTypes.optionalInstanceOf(RecipeView.class))
        .join();
  }

  private static void putIfGiven(ObjectNode data, String field, @Nullable String value) {
    if (value != null) {
      data.put(field, value);
    }
  }

  private static RecipeId parse(String text) {
    if (!InputPatterns.isUuid(text)) {
      throw new NotFoundException(NOT_FOUND);
    }
    return new RecipeId(UUID.fromString(text));
  }
}
