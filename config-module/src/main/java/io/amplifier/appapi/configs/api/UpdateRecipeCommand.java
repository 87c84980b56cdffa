package io.amplifier.appapi.configs.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.jspecify.annotations.Nullable;

/** Intent to change a recipe: a given document replaces it, given tags replace them. */
public record UpdateRecipeCommand(
    @TargetAggregateIdentifier RecipeId recipeId,
    String requesterId,
    @Nullable ObjectNode recipeData,
    @Nullable Map<String, String> tags) {}
