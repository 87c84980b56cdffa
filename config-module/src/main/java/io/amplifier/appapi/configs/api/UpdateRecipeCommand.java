package io.amplifier.appapi.configs.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.jspecify.annotations.Nullable;

/**
 * Intent to change a recipe: a given document replaces it, given tags replace them, and a given
 * {@code name}, {@code description} or {@code version} replaces that field of the document; with
 * {@code expectedRevision} (If-Match) only if the recipe is still at that revision.
 */
public record UpdateRecipeCommand(
    @TargetAggregateIdentifier RecipeId recipeId,
    String requesterId,
    @Nullable ObjectNode recipeData,
    @Nullable Map<String, String> tags,
    @Nullable String name,
    @Nullable String description,
    @Nullable String version,
    @Nullable Integer expectedRevision) {}
