package io.amplifier.appapi.configs.api;

/**
 * Asks for one recipe as {@code requesterId} may see it, waiting (bounded) for {@code minVersion}.
 */
public record FindRecipeQuery(RecipeId recipeId, String requesterId, long minVersion) {}
