package io.amplifier.appapi.configs.api;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Intent to delete a recipe (owner only). */
public record DeleteRecipeCommand(
    @TargetAggregateIdentifier RecipeId recipeId, String requesterId) {}
