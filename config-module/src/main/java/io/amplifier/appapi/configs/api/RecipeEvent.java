package io.amplifier.appapi.configs.api;

/** Marker of every fact about a recipe. */
public sealed interface RecipeEvent
    permits RecipeCreatedEvent, RecipeUpdatedEvent, RecipeDeletedEvent {

  RecipeId recipeId();
}
