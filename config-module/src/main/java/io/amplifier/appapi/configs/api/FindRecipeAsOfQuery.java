package io.amplifier.appapi.configs.api;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * Asks for one recipe as it was at sequence {@code version} and/or instant {@code asOf}, folded
 * from its own events; answered with a {@link RecipeView}.
 */
public record FindRecipeAsOfQuery(
    RecipeId recipeId, String requesterId, @Nullable Long version, @Nullable Instant asOf) {}
