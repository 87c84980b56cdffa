package io.amplifier.appapi.configs.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Intent to store a recipe for {@code ownerId}. */
public record CreateRecipeCommand(
    @TargetAggregateIdentifier RecipeId recipeId,
    String ownerId,
    ObjectNode recipeData,
    Map<String, String> tags) {}
