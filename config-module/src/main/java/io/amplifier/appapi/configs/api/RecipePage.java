package io.amplifier.appapi.configs.api;

import java.util.List;

/** The answer to {@link ListRecipesQuery}. */
public record RecipePage(List<RecipeView> recipes, long total) {}
