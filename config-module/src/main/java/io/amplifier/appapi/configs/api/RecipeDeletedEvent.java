package io.amplifier.appapi.configs.api;

import org.axonframework.serialization.Revision;

/** A recipe was deleted; its name is free again. */
@Revision("1")
public record RecipeDeletedEvent(RecipeId recipeId) implements RecipeEvent {}
